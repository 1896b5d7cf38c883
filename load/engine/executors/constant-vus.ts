/**
 * constant-vus (k6 lib/executor/constant_vus.go): a fixed number of VUs loop for `duration`.
 */
import type { Share } from '../segment/execution-tuple.ts';
import { FieldReader, MIN_DURATION_MS } from './config-fields.ts';
import type { BaseConfig, ExecutionPlan, ExecutorDefinition, ScenarioRuntime } from './executor-types.ts';
import { finishGracefully } from './graceful-stop.ts';

/** constant-vus options. */
export interface ConstantVusConfig extends BaseConfig {
  vus: number;
  durationMs: number;
}

/** The constant-vus executor. */
export const constantVus: ExecutorDefinition<ConstantVusConfig> = {
  type: 'constant-vus',
  parse(name: string, raw: Record<string, unknown>, problems: string[]): ConstantVusConfig {
    const f = new FieldReader(name, raw, problems, ['vus', 'duration']);
    return { ...f.base('constant-vus'), vus: f.int('vus', 1), durationMs: f.duration('duration', undefined) };
  },
  validate(c: ConstantVusConfig): string[] {
    const p: string[] = [];
    if (c.vus <= 0) p.push('the number of VUs should be more than 0');
    if (c.durationMs < MIN_DURATION_MS) p.push(`the duration should be at least 1s, but is ${c.durationMs}ms`);
    return p;
  },
  plan(c: ConstantVusConfig, share: Share): ExecutionPlan {
    const vus = share.scaleInt(c.vus);
    return { preAllocatedVUs: vus, maxVUs: vus, maxDurationMs: c.durationMs + c.gracefulStopMs };
  },
  async run(c: ConstantVusConfig, rt: ScenarioRuntime): Promise<void> {
    const vus = rt.share.scaleInt(c.vus);
    rt.setProgress(() => Math.min(1, rt.elapsed() / c.durationMs));
    const loop = async () => {
      const vu = await rt.takeVU();
      rt.vuActive(1);
      try {
        while (!rt.regularEnded) await rt.runIteration(vu);
      } finally {
        rt.vuActive(-1);
      }
    };
    await finishGracefully(rt, Promise.all(Array.from({ length: vus }, loop)), c.durationMs, c.gracefulStopMs);
  },
};
