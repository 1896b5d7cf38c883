/**
 * A cheap stand-in for AbortController on the hot path: one per iteration, holding the abort
 * callbacks of its in-flight requests, so interrupting an iteration cancels exactly those.
 */

/** Abort callbacks of one iteration. */
export class AbortScope {
  aborted = false;
  reason: Error | undefined;
  private readonly callbacks = new Set<(reason: Error) => void>();

  /** Registers `fn` to run on abort; returns the function that unregisters it. */
  add(fn: (reason: Error) => void): () => void {
    this.callbacks.add(fn);
    return () => this.callbacks.delete(fn);
  }

  /** Aborts: every registered callback runs once. */
  abort(reason: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    for (const fn of this.callbacks) fn(reason);
    this.callbacks.clear();
  }
}
