/**
 * ramping-vus (k6 lib/executor/ramping_vus.go): the VU count moves linearly between stage
 * targets in whole-VU steps (k6's raw execution steps: rising counts floor, falling counts ceil);
 * VUs taken away get `gracefulRampDown` to finish their iteration, then are interrupted.
 */
import type { Share } from '../segment/execution-tuple.ts';
import type { VU } from '../runtime/vu.ts';
import { FieldReader, type Stage } from './config-fields.ts';
import type { BaseConfig, ExecutionPlan, ExecutorDefinition, ScenarioRuntime } from './executor-types.ts';
import { finishGracefully } from './graceful-stop.ts';

/** ramping-vus options. */
export interface RampingVusConfig extends BaseConfig {
  startVUs: number;
  stages: Stage[];
  gracefulRampDownMs: number;
}

/** A point where this worker's VU count changes. */
interface Step {
  atMs: number;
  vus: number;
}

/** The whole-test VU count steps, then this worker's share of each (k6 scales per step). */
export function rampingVuSteps(c: Pick<RampingVusConfig, 'startVUs' | 'stages'>, share: Share): Step[] {
  const steps: Step[] = [{ atMs: 0, vus: share.scaleInt(c.startVUs) }];
  const push = (atMs: number, global: number) => {
    const vus = share.scaleInt(global);
    if (vus !== steps[steps.length - 1]!.vus) steps.push({ atMs, vus });
  };
  let from = c.startVUs;
  let t = 0;
  for (const st of c.stages) {
    const diff = st.target - from;
    if (diff !== 0 && st.durationMs === 0) push(t, st.target);
    else if (diff > 0) for (let v = from + 1; v <= st.target; v++) push(t + (st.durationMs * (v - from)) / diff, v);
    else if (diff < 0) for (let v = from - 1; v >= st.target; v--) push(t + (st.durationMs * (from - v)) / -diff, v);
    t += st.durationMs;
    from = st.target;
  }
  return steps;
}

interface Slot {
  vu?: VU;
  wanted: boolean;
  loop?: Promise<void>;
  rampDownTimer?: NodeJS.Timeout;
}

/** The ramping-vus executor. */
export const rampingVus: ExecutorDefinition<RampingVusConfig> = {
  type: 'ramping-vus',
  parse(name: string, raw: Record<string, unknown>, problems: string[]): RampingVusConfig {
    const f = new FieldReader(name, raw, problems, ['startVUs', 'stages', 'gracefulRampDown']);
    return { ...f.base('ramping-vus'), startVUs: f.int('startVUs', 1), stages: f.stages(), gracefulRampDownMs: f.duration('gracefulRampDown', 30_000) };
  },
  validate(c: RampingVusConfig): string[] {
    const p: string[] = [];
    if (c.startVUs < 0) p.push('the number of start VUs shouldn\'t be negative');
    if (c.stages.length === 0) p.push('at least one stage has to be specified');
    c.stages.forEach((s, i) => {
      if (s.target < 0) p.push(`the target for stage ${i + 1} shouldn't be negative`);
    });
    if (Math.max(c.startVUs, ...c.stages.map((s) => s.target)) <= 0) p.push('either startVUs or one of the stages\' target values must be greater than 0');
    return p;
  },
  plan(c: RampingVusConfig, share: Share): ExecutionPlan {
    const max = Math.max(...rampingVuSteps(c, share).map((s) => s.vus));
    const total = c.stages.reduce((a, s) => a + s.durationMs, 0);
    return { preAllocatedVUs: max, maxVUs: max, maxDurationMs: total + c.gracefulStopMs };
  },
  async run(c: RampingVusConfig, rt: ScenarioRuntime): Promise<void> {
    const steps = rampingVuSteps(c, rt.share);
    const totalMs = c.stages.reduce((a, s) => a + s.durationMs, 0);
    rt.setProgress(() => Math.min(1, rt.elapsed() / totalMs));
    const slots: Slot[] = [];
    const loops = new Set<Promise<void>>();
    const runSlot = async (slot: Slot) => {
      slot.vu ??= await rt.takeVU();
      rt.vuActive(1);
      try {
        while (slot.wanted && !rt.regularEnded) {
          if ((await rt.runIteration(slot.vu)) === 'interrupted') {
            slot.vu = undefined; // its abandoned iteration may still run: never reuse it
            break;
          }
        }
      } finally {
        rt.vuActive(-1);
        slot.loop = undefined;
      }
    };
    const setTarget = (n: number) => {
      for (let i = 0; i < Math.max(n, slots.length); i++) {
        const slot = (slots[i] ??= { wanted: false });
        if (i < n) {
          slot.wanted = true;
          clearTimeout(slot.rampDownTimer);
          if (!slot.loop) {
            const p = runSlot(slot);
            slot.loop = p;
            loops.add(p);
            void p.finally(() => loops.delete(p));
          }
        } else if (slot.wanted) {
          slot.wanted = false;
          slot.rampDownTimer = setTimeout(() => {
            if (!slot.wanted && slot.loop && slot.vu?.busy) slot.vu.interrupt();
          }, c.gracefulRampDownMs);
        }
      }
    };
    const stepper = (async () => {
      for (const step of steps) {
        if (!(await rt.waitUntil(step.atMs))) return;
        setTarget(step.vus);
      }
      await rt.waitUntil(totalMs);
    })();
    const all = (async () => {
      await stepper;
      while (loops.size > 0) await Promise.all([...loops]);
    })();
    await finishGracefully(rt, all, totalMs, c.gracefulStopMs);
    for (const s of slots) clearTimeout(s.rampDownTimer);
  },
};
