/**
 * Which slot holds which unix second, for one tag set's per-second store. A run's seconds are nearly
 * contiguous, so a dense array over [base, base + length) holds them (a Map costs more per entry and
 * per lookup, and lookups happen every time a tag set moves to another second); a second far outside
 * (a stray clock) goes to a Map, so one outlier cannot blow the array up.
 */
export class SecondIndex {
  /** Slot + 1 of second base + i (0: none); seconds outside it are in slotOf. */
  private dense = new Int32Array(0);
  private base = 0;
  private readonly slotOf = new Map<number, number>();
  /** Seconds indexed. */
  private count = 0;

  /** The slot of second `sec`, or -1. */
  get(sec: number): number {
    const i = sec - this.base;
    if (i >= 0 && i < this.dense.length) {
      const s = this.dense[i]! - 1;
      if (s >= 0 || this.slotOf.size === 0) return s;
    }
    return this.slotOf.get(sec) ?? -1;
  }

  /** Records that second `sec` (not indexed yet) is slot `s`. */
  set(sec: number, s: number): void {
    let i = sec - this.base;
    if (i < 0 || i >= this.dense.length) {
      const has = this.dense.length > 0;
      const lo = has ? Math.min(this.base, sec) : sec;
      const span = (has ? Math.max(this.base + this.dense.length - 1, sec) : sec) - lo + 1;
      if (span > 4 * this.count + 64) {
        this.slotOf.set(sec, s);
        this.count++;
        return;
      }
      // Room ahead (seconds keep coming) and a little behind (late points of another runner).
      const base = lo - 16;
      const grown = new Int32Array(2 * span + 32);
      if (has) grown.set(this.dense, this.base - base);
      this.dense = grown;
      this.base = base;
      for (const [k, v] of this.slotOf) {
        if (k - base >= 0 && k - base < grown.length) {
          grown[k - base] = v + 1;
          this.slotOf.delete(k);
        }
      }
      i = sec - base;
    }
    this.dense[i] = s + 1;
    this.count++;
  }
}
