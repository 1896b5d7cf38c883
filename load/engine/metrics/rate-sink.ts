/** k6's Rate sink: how many samples were non-zero out of all. Merges by addition. */

/** Structured-clone-able state of a rate. */
export interface RateSnapshot {
  kind: 'rate';
  trues: number;
  total: number;
}

/** Non-zero samples (`passes`; for http_req_failed these are failures) over all samples. */
export class RateSink {
  trues = 0;
  total = 0;

  /** Records one sample: any non-zero value counts as a pass. */
  add(value: number): void {
    if (value !== 0) this.trues++;
    this.total++;
  }

  /** True when no sample arrived. */
  isEmpty(): boolean {
    return this.total === 0;
  }

  /** Summary values `rate` (0 when empty), `passes`, `fails`. */
  values(): Record<string, number> {
    return { rate: this.total > 0 ? this.trues / this.total : 0, passes: this.trues, fails: this.total - this.trues };
  }

  /** Values a threshold may use: `rate` only when there is at least one sample, so an empty Rate passes. */
  thresholdValues(): Record<string, number> {
    return this.total > 0 ? { rate: this.trues / this.total } : {};
  }

  /** Copy of the state. */
  snapshot(): RateSnapshot {
    return { kind: 'rate', trues: this.trues, total: this.total };
  }

  /** Adds another rate's state. */
  merge(s: RateSnapshot): void {
    this.trues += s.trues;
    this.total += s.total;
  }
}
