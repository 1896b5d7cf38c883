/**
 * shared-iterations (k6 lib/executor/shared_iterations.go): a pool of `iterations` shared by `vus`
 * VUs, faster VUs take more; what is not started by `maxDuration` is counted in dropped_iterations.
 */
import type { Share } from '../segment/execution-tuple.ts';
import { FieldReader, MIN_DURATION_MS } from './config-fields.ts';
import type { BaseConfig, ExecutionPlan, ExecutorDefinition, ScenarioRuntime } from './executor-types.ts';
import { finishGracefully } from './graceful-stop.ts';

/** shared-iterations options. */
export interface SharedIterationsConfig extends BaseConfig {
  vus: number;
  iterations: number;
  maxDurationMs: number;
}

/** This worker's iterations: split in proportion to how the VUs were split (k6 GetIterations). */
function iterationsOf(c: SharedIterationsConfig, share: Share): number {
  return share.fromValue(c.vus)?.scaleInt(c.iterations) ?? 0;
}

/** The shared-iterations executor. */
export const sharedIterations: ExecutorDefinition<SharedIterationsConfig> = {
  type: 'shared-iterations',
  parse(name: string, raw: Record<string, unknown>, problems: string[]): SharedIterationsConfig {
    const f = new FieldReader(name, raw, problems, ['vus', 'iterations', 'maxDuration']);
    return { ...f.base('shared-iterations'), vus: f.int('vus', 1), iterations: f.int('iterations', 1), maxDurationMs: f.duration('maxDuration', 600_000) };
  },
  validate(c: SharedIterationsConfig): string[] {
    const p: string[] = [];
    if (c.vus <= 0) p.push('the number of VUs should be more than 0');
    if (c.iterations < c.vus) p.push(`the number of iterations (${c.iterations}) shouldn't be less than the number of VUs (${c.vus})`);
    if (c.maxDurationMs < MIN_DURATION_MS) p.push(`the maxDuration should be at least 1s, but is ${c.maxDurationMs}ms`);
    return p;
  },
  plan(c: SharedIterationsConfig, share: Share): ExecutionPlan {
    const vus = share.scaleInt(c.vus);
    return { preAllocatedVUs: vus, maxVUs: vus, maxDurationMs: c.maxDurationMs + c.gracefulStopMs };
  },
  async run(c: SharedIterationsConfig, rt: ScenarioRuntime): Promise<void> {
    const vus = rt.share.scaleInt(c.vus);
    const total = iterationsOf(c, rt.share);
    let attempted = 0;
    let done = 0;
    rt.setProgress(() => (total === 0 ? 1 : done / total));
    const loop = async () => {
      const vu = await rt.takeVU();
      rt.vuActive(1);
      try {
        while (!rt.regularEnded && attempted < total) {
          attempted++;
          await rt.runIteration(vu);
          done++;
        }
      } finally {
        rt.vuActive(-1);
      }
    };
    const loops = Array.from({ length: total > 0 ? vus : 0 }, loop);
    await finishGracefully(rt, Promise.all(loops), c.maxDurationMs, c.gracefulStopMs);
    if (attempted < total) rt.emitDropped(total - attempted);
  },
};
