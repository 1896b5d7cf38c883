/**
 * per-vu-iterations (k6 lib/executor/per_vu_iterations.go): every VU runs exactly `iterations`;
 * at `maxDuration` each VU's unstarted iterations are counted in dropped_iterations.
 */
import type { Share } from '../segment/execution-tuple.ts';
import { FieldReader, MIN_DURATION_MS } from './config-fields.ts';
import type { BaseConfig, ExecutionPlan, ExecutorDefinition, ScenarioRuntime } from './executor-types.ts';
import { finishGracefully } from './graceful-stop.ts';

/** per-vu-iterations options. */
export interface PerVuIterationsConfig extends BaseConfig {
  vus: number;
  iterations: number;
  maxDurationMs: number;
}

/** The per-vu-iterations executor. */
export const perVuIterations: ExecutorDefinition<PerVuIterationsConfig> = {
  type: 'per-vu-iterations',
  parse(name: string, raw: Record<string, unknown>, problems: string[]): PerVuIterationsConfig {
    const f = new FieldReader(name, raw, problems, ['vus', 'iterations', 'maxDuration']);
    return { ...f.base('per-vu-iterations'), vus: f.int('vus', 1), iterations: f.int('iterations', 1), maxDurationMs: f.duration('maxDuration', 600_000) };
  },
  validate(c: PerVuIterationsConfig): string[] {
    const p: string[] = [];
    if (c.vus <= 0) p.push('the number of VUs should be more than 0');
    if (c.iterations <= 0) p.push('the number of iterations should be more than 0');
    if (c.maxDurationMs < MIN_DURATION_MS) p.push(`the maxDuration should be at least 1s, but is ${c.maxDurationMs}ms`);
    return p;
  },
  plan(c: PerVuIterationsConfig, share: Share): ExecutionPlan {
    const vus = share.scaleInt(c.vus);
    return { preAllocatedVUs: vus, maxVUs: vus, maxDurationMs: c.maxDurationMs + c.gracefulStopMs };
  },
  async run(c: PerVuIterationsConfig, rt: ScenarioRuntime): Promise<void> {
    const vus = rt.share.scaleInt(c.vus);
    const attempted: number[] = new Array<number>(vus).fill(0);
    let done = 0;
    rt.setProgress(() => (vus === 0 ? 1 : done / (vus * c.iterations)));
    const loop = async (_: unknown, i: number) => {
      const vu = await rt.takeVU();
      rt.vuActive(1);
      try {
        while (!rt.regularEnded && attempted[i]! < c.iterations) {
          attempted[i]!++;
          await rt.runIteration(vu);
          done++;
        }
      } finally {
        rt.vuActive(-1);
      }
    };
    await finishGracefully(rt, Promise.all(Array.from({ length: vus }, loop)), c.maxDurationMs, c.gracefulStopMs);
    for (const a of attempted) if (a < c.iterations) rt.emitDropped(c.iterations - a);
  },
};
