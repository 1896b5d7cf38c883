/**
 * Per-VU timers and pending-work tracking. k6 ends an iteration only when its event loop is empty
 * (§8.2), so every timer and in-flight request of a VU is counted; interrupting the VU clears them.
 */

/** Counts a VU's pending work and lets the VU wait until it has drained. */
export class PendingWork {
  private count = 0;
  private waiters: Array<() => void> = [];
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly intervals = new Set<number>();
  private nextId = 1;
  /** Reports an exception thrown by a timer callback (logged like an iteration error). */
  onCallbackError: (err: unknown) => void = () => {};

  /** Number of timers and requests still pending. */
  get pending(): number {
    return this.count;
  }

  private dec(): void {
    // After clearAll() (interrupted iteration) late settlements must not drive the count negative.
    if (this.count === 0) return;
    this.count--;
    if (this.count === 0 && this.waiters.length > 0) {
      const w = this.waiters;
      this.waiters = [];
      for (const fn of w) fn();
    }
  }

  private readonly settled = (): void => this.dec();

  /**
   * Counts a promise as pending until it settles and returns it unchanged (no extra promise layer):
   * the count drops before the script's own continuation runs, since this reaction is registered first.
   */
  track<T>(p: Promise<T>): Promise<T> {
    this.count++;
    p.then(this.settled, this.settled);
    return p;
  }

  /** Resolves once nothing is pending. */
  drained(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** k6/timers setTimeout: the callback counts as pending work until it ran or was cleared. */
  setTimeout = (fn: (...a: unknown[]) => void, ms = 0, ...args: unknown[]): number => {
    const id = this.nextId++;
    this.count++;
    const t = setTimeout(() => {
      this.timers.delete(id);
      try {
        fn(...args);
      } catch (err) {
        this.onCallbackError(err);
      } finally {
        this.dec();
      }
    }, ms);
    this.timers.set(id, t);
    return id;
  };

  /** k6/timers clearTimeout. */
  clearTimeout = (id?: number): void => {
    if (id === undefined) return;
    const t = this.timers.get(id);
    if (!t) return;
    clearTimeout(t);
    this.timers.delete(id);
    this.intervals.delete(id);
    this.dec();
  };

  /** k6/timers setInterval: pending until cleared (an uncleared interval never ends the iteration, as in k6). */
  setInterval = (fn: (...a: unknown[]) => void, ms = 0, ...args: unknown[]): number => {
    const id = this.nextId++;
    this.count++;
    this.intervals.add(id);
    const t = setInterval(() => {
      try {
        fn(...args);
      } catch (err) {
        this.onCallbackError(err);
      }
    }, ms);
    this.timers.set(id, t);
    return id;
  };

  /** k6/timers clearInterval. */
  clearInterval = (id?: number): void => this.clearTimeout(id);

  /** Drops every timer (interrupted iteration); pending requests are aborted by the caller. */
  clearAll(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.intervals.clear();
    this.count = 0;
    this.waiters = [];
  }
}
