/**
 * k6's end of an executor (helpers.go getDurationContexts, §6.5): at the end of the regular
 * duration no new iteration starts; running ones get `gracefulStop` to finish, then are interrupted.
 */
import type { ScenarioRuntime } from './executor-types.ts';

/**
 * Waits for `work` (the executor's VU loops or in-flight iterations) to finish, or for the regular
 * end (at `regularEnd` ms, or when that promise settles); then gives the rest `gracefulStopMs`
 * before interrupting it.
 */
export async function finishGracefully(rt: ScenarioRuntime, work: Promise<unknown>, regularEnd: number | Promise<unknown>, gracefulStopMs: number): Promise<void> {
  let finished = false;
  const tracked = work.then(() => {
    finished = true;
  });
  await Promise.race([tracked, typeof regularEnd === 'number' ? rt.waitUntil(regularEnd) : regularEnd]);
  rt.endRegular();
  if (finished) return;
  await Promise.race([tracked, rt.hardDeadline(gracefulStopMs)]);
  if (!finished) {
    rt.interruptAll();
    await tracked;
  }
}

/** Tracks promises of iterations started without being awaited (arrival-rate executors). */
export class InFlight {
  private count = 0;
  private idle: (() => void) | undefined;

  /** Counts `p` until it settles. */
  add(p: Promise<unknown>): void {
    this.count++;
    void p.finally(() => {
      this.count--;
      if (this.count === 0 && this.idle) this.idle();
    });
  }

  /** Resolves when nothing is in flight. */
  drained(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idle = resolve;
    });
  }
}
