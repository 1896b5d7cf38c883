/**
 * A cheap stand-in for AbortController on the hot path: one per iteration, holding the abort
 * callbacks of its in-flight requests, so interrupting an iteration cancels exactly those.
 */

/** An object told when its scope aborts (cheaper than a closure per request). */
export interface AbortListener {
  onScopeAbort(reason: Error): void;
}

/** Abort callbacks of one iteration. */
export class AbortScope {
  aborted = false;
  reason: Error | undefined;
  private readonly callbacks = new Set<(reason: Error) => void>();
  // Created on first use: most iterations are never aborted and hold one request at a time.
  private listeners: Set<AbortListener> | undefined;

  /** Registers `l` until `remove(l)` or the abort. */
  listen(l: AbortListener): void {
    (this.listeners ??= new Set()).add(l);
  }

  /** Unregisters `l` (no-op when absent). */
  remove(l: AbortListener): void {
    this.listeners?.delete(l);
  }

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
    const ls = this.listeners;
    this.listeners = undefined;
    if (ls) for (const l of ls) l.onScopeAbort(reason);
  }
}
