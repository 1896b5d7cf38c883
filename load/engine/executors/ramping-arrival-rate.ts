/**
 * ramping-arrival-rate (k6 lib/executor/ramping_arrival_rate.go): the rate moves linearly within
 * each stage; iteration i (1, 2, 3, …) is due when the integral of the rate curve reaches i (so a
 * constant rate r starts at 1/r, and 0→10/s over 60 s gives 300 iterations).
 */
import type { Share } from '../segment/execution-tuple.ts';
import { runArrivalSchedule } from './arrival-pool.ts';
import { FieldReader, type Stage } from './config-fields.ts';
import type { BaseConfig, ExecutionPlan, ExecutorDefinition, ScenarioRuntime } from './executor-types.ts';

/** ramping-arrival-rate options. */
export interface RampingArrivalRateConfig extends BaseConfig {
  startRate: number;
  timeUnitMs: number;
  stages: Stage[];
  preAllocatedVUs: number;
  maxVUs: number;
}

/** Due times (ms from scenario start) of this worker's iterations, by inverting the rate integral. */
export function* rampingArrivalDueTimes(c: Pick<RampingArrivalRateConfig, 'startRate' | 'timeUnitMs' | 'stages'>, share: Share): Generator<number> {
  let stage = 0;
  let stageStart = 0; // ms
  let before = 0; // iterations completed by the integral at stageStart
  let from = c.startRate / c.timeUnitMs; // iterations per ms at stage start
  for (const gi of share.globalIndices()) {
    const i = gi + 1;
    for (;;) {
      const st = c.stages[stage];
      if (!st) return;
      const to = st.target / c.timeUnitMs;
      const area = ((from + to) / 2) * st.durationMs;
      // The tolerance keeps the last iteration of a stage that float rounding puts a hair past its area.
      if (before + area >= i - 1e-9) {
        const need = i - before;
        const a = st.durationMs === 0 ? 0 : (to - from) / (2 * st.durationMs);
        // Root of a·t² + from·t = need, in the form that stays exact when a → 0.
        const disc = Math.sqrt(Math.max(0, from * from + 4 * a * need));
        const t = from + disc === 0 ? 0 : (2 * need) / (from + disc);
        yield stageStart + Math.min(t, st.durationMs);
        break;
      }
      before += area;
      stageStart += st.durationMs;
      from = to;
      stage++;
    }
  }
}

/** The ramping-arrival-rate executor. */
export const rampingArrivalRate: ExecutorDefinition<RampingArrivalRateConfig> = {
  type: 'ramping-arrival-rate',
  parse(name: string, raw: Record<string, unknown>, problems: string[]): RampingArrivalRateConfig {
    const f = new FieldReader(name, raw, problems, ['startRate', 'timeUnit', 'stages', 'preAllocatedVUs', 'maxVUs']);
    const pre = f.int('preAllocatedVUs', undefined);
    return {
      ...f.base('ramping-arrival-rate'),
      startRate: f.int('startRate', 0),
      timeUnitMs: f.duration('timeUnit', 1000),
      stages: f.stages(),
      preAllocatedVUs: pre,
      maxVUs: f.has('maxVUs') ? f.int('maxVUs', pre) : pre,
    };
  },
  validate(c: RampingArrivalRateConfig): string[] {
    const p: string[] = [];
    if (c.startRate < 0) p.push('the startRate value shouldn\'t be negative');
    if (c.timeUnitMs <= 0) p.push('the timeUnit should be more than 0');
    if (c.stages.length === 0) p.push('at least one stage has to be specified');
    c.stages.forEach((s, i) => {
      if (s.target < 0) p.push(`the target for stage ${i + 1} shouldn't be negative`);
    });
    if (c.preAllocatedVUs < 0) p.push('the number of preAllocatedVUs shouldn\'t be negative');
    if (c.maxVUs < c.preAllocatedVUs) p.push('maxVUs shouldn\'t be less than preAllocatedVUs');
    return p;
  },
  plan(c: RampingArrivalRateConfig, share: Share): ExecutionPlan {
    const total = c.stages.reduce((a, s) => a + s.durationMs, 0);
    return { preAllocatedVUs: share.scaleInt(c.preAllocatedVUs), maxVUs: share.scaleInt(c.maxVUs), maxDurationMs: total + c.gracefulStopMs };
  },
  async run(c: RampingArrivalRateConfig, rt: ScenarioRuntime): Promise<void> {
    const plan = this.plan(c, rt.share);
    const total = c.stages.reduce((a, s) => a + s.durationMs, 0);
    rt.setProgress(() => Math.min(1, rt.elapsed() / total));
    await runArrivalSchedule(
      rt,
      { preAllocatedVUs: plan.preAllocatedVUs, maxVUs: plan.maxVUs, endMs: total, gracefulStopMs: c.gracefulStopMs, scenario: c.name, inclusiveEnd: true },
      rampingArrivalDueTimes(c, rt.share),
    );
  },
};
