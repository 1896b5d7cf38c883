/** k6's Counter sink: the sum of sample values. Its snapshot is a plain object that merges by addition. */

/** Structured-clone-able state of a counter. */
export interface CounterSnapshot {
  kind: 'counter';
  sum: number;
  samples: number;
}

/** Sum of samples (k6 `count`) plus how many samples were seen (to tell an empty sink). */
export class CounterSink {
  sum = 0;
  samples = 0;

  /** Records one sample. */
  add(value: number): void {
    this.sum += value;
    this.samples++;
  }

  /** True when no sample arrived. */
  isEmpty(): boolean {
    return this.samples === 0;
  }

  /** Summary values: `count`, and `rate` per second over the whole run (0 when the duration is 0). */
  values(durationMs: number): Record<string, number> {
    return { count: this.sum, rate: durationMs > 0 ? this.sum / (durationMs / 1000) : 0 };
  }

  /** Values a threshold may use: `rate` is absent (so it passes) while the elapsed time is 0, as in k6. */
  thresholdValues(elapsedMs: number): Record<string, number> {
    return elapsedMs > 0 ? { count: this.sum, rate: this.sum / (elapsedMs / 1000) } : { count: this.sum };
  }

  /** Copy of the state. */
  snapshot(): CounterSnapshot {
    return { kind: 'counter', sum: this.sum, samples: this.samples };
  }

  /** Adds another counter's state. */
  merge(s: CounterSnapshot): void {
    this.sum += s.sum;
    this.samples += s.samples;
  }
}
