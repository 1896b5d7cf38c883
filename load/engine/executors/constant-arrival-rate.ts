/**
 * constant-arrival-rate (k6 lib/executor/constant_arrival_rate.go): iteration k of the whole test
 * is due at k × timeUnit / rate from the scenario start (the first at 0); this worker starts only
 * its stripe of k (execution segments), at the global times.
 */
import type { Share } from '../segment/execution-tuple.ts';
import { runArrivalSchedule } from './arrival-pool.ts';
import { FieldReader, MIN_DURATION_MS } from './config-fields.ts';
import type { BaseConfig, ExecutionPlan, ExecutorDefinition, ScenarioRuntime } from './executor-types.ts';

/** constant-arrival-rate options. */
export interface ConstantArrivalRateConfig extends BaseConfig {
  rate: number;
  timeUnitMs: number;
  durationMs: number;
  preAllocatedVUs: number;
  maxVUs: number;
}

/** Due times (ms from scenario start) of this worker's iterations. */
export function* constantArrivalDueTimes(c: Pick<ConstantArrivalRateConfig, 'rate' | 'timeUnitMs'>, share: Share): Generator<number> {
  const period = c.timeUnitMs / c.rate;
  for (const k of share.globalIndices()) yield k * period;
}

/** The constant-arrival-rate executor. */
export const constantArrivalRate: ExecutorDefinition<ConstantArrivalRateConfig> = {
  type: 'constant-arrival-rate',
  parse(name: string, raw: Record<string, unknown>, problems: string[]): ConstantArrivalRateConfig {
    const f = new FieldReader(name, raw, problems, ['rate', 'timeUnit', 'duration', 'preAllocatedVUs', 'maxVUs']);
    const pre = f.int('preAllocatedVUs', undefined);
    return {
      ...f.base('constant-arrival-rate'),
      rate: f.int('rate', undefined),
      timeUnitMs: f.duration('timeUnit', 1000),
      durationMs: f.duration('duration', undefined),
      preAllocatedVUs: pre,
      maxVUs: f.has('maxVUs') ? f.int('maxVUs', pre) : pre,
    };
  },
  validate(c: ConstantArrivalRateConfig): string[] {
    const p: string[] = [];
    if (c.rate <= 0) p.push('the iteration rate should be more than 0');
    if (c.timeUnitMs <= 0) p.push('the timeUnit should be more than 0');
    if (c.durationMs < MIN_DURATION_MS) p.push(`the duration should be at least 1s, but is ${c.durationMs}ms`);
    if (c.preAllocatedVUs < 0) p.push('the number of preAllocatedVUs shouldn\'t be negative');
    if (c.maxVUs < c.preAllocatedVUs) p.push('maxVUs shouldn\'t be less than preAllocatedVUs');
    return p;
  },
  plan(c: ConstantArrivalRateConfig, share: Share): ExecutionPlan {
    return { preAllocatedVUs: share.scaleInt(c.preAllocatedVUs), maxVUs: share.scaleInt(c.maxVUs), maxDurationMs: c.durationMs + c.gracefulStopMs };
  },
  async run(c: ConstantArrivalRateConfig, rt: ScenarioRuntime): Promise<void> {
    const plan = this.plan(c, rt.share);
    rt.setProgress(() => Math.min(1, rt.elapsed() / c.durationMs));
    await runArrivalSchedule(
      rt,
      { preAllocatedVUs: plan.preAllocatedVUs, maxVUs: plan.maxVUs, endMs: c.durationMs, gracefulStopMs: c.gracefulStopMs, scenario: c.name },
      constantArrivalDueTimes(c, rt.share),
    );
  },
};
