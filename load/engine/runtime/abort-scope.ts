/**
 * A cheap stand-in for AbortController on the hot path: one per iteration, holding its in-flight
 * requests as listeners, so interrupting an iteration cancels exactly those.
 */

/** An object told when its scope aborts (cheaper than a closure per request). */
export interface AbortListener {
  onScopeAbort(reason: Error): void;
}

/** Abort callbacks of one iteration. */
export class AbortScope {
  aborted = false;
  reason: Error | undefined;
  // Created by the first request: an iteration that makes none allocates nothing here.
  private listeners: Set<AbortListener> | undefined;

  /** Registers `l` until `remove(l)` or the abort. */
  listen(l: AbortListener): void {
    (this.listeners ??= new Set()).add(l);
  }

  /** Unregisters `l` (no-op when absent). */
  remove(l: AbortListener): void {
    this.listeners?.delete(l);
  }

  /** Aborts: every registered listener is told once. */
  abort(reason: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const ls = this.listeners;
    this.listeners = undefined;
    if (ls) for (const l of ls) l.onScopeAbort(reason);
  }
}
