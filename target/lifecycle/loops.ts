import type pg from 'pg';
import type { TargetConfig } from '../config.ts';
import { runRetentionPass } from './retention.ts';
import { runSnapshotPass } from './snapshots.ts';
import { runToolInvocationGc } from './tool-invocation-gc.ts';

/** Running lifecycle loops of one worker process. */
export interface LifecycleLoops {
  stop(): Promise<void>;
}

/**
 * Starts the loops every Aetheris worker runs (snapshots, tool_invocations GC) plus retention when
 * enabled. Like Aetheris, each first runs one full period after start; a tick never overlaps itself.
 */
export function startLifecycleLoops(pool: pg.Pool, config: TargetConfig, log: (msg: string) => void): LifecycleLoops {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  const every = (name: string, periodMs: number, tick: () => Promise<unknown>) => {
    let busy = false;
    timers.push(
      setInterval(() => {
        if (busy) return;
        busy = true;
        const p = tick()
          .catch((err: Error) => log(`${name}: ${err.message}`))
          .finally(() => {
            busy = false;
            running.delete(p);
          });
        running.add(p);
      }, Math.min(2 ** 31 - 1, Math.max(1, periodMs))),
    );
  };
  if (config.snapshots.enabled) every('snapshots', config.snapshots.periodMs, () => runSnapshotPass(pool, config.snapshots));
  if (config.gc.enabled) every('tool_invocations gc', config.gc.periodMs, () => runToolInvocationGc(pool, config.gc));
  if (config.retention.enabled) every('retention', config.retention.periodMs, () => runRetentionPass(pool, config.retention));
  return {
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([...running]);
    },
  };
}
