/** k6's Gauge sink: last value, min and max. Merging keeps the value with the latest sample time. */

/** Structured-clone-able state of a gauge. */
export interface GaugeSnapshot {
  kind: 'gauge';
  value: number;
  /** Time (unix ms) of the sample that set `value`; decides which worker's value is "last" on merge. */
  time: number;
  min: number;
  max: number;
  samples: number;
}

/** Last value with the min and max of all values (k6 ≥ v2.2: correct max for all-negative series). */
export class GaugeSink {
  value = 0;
  time = -Infinity;
  min = 0;
  max = 0;
  samples = 0;

  /** Records one sample taken at `time` (unix ms). */
  add(value: number, time: number): void {
    if (this.samples === 0) {
      this.min = value;
      this.max = value;
    } else {
      if (value < this.min) this.min = value;
      if (value > this.max) this.max = value;
    }
    // Samples of one worker arrive in order; ties keep the newer arrival like k6's "last write wins".
    if (time >= this.time) {
      this.value = value;
      this.time = time;
    }
    this.samples++;
  }

  /** True when no sample arrived. */
  isEmpty(): boolean {
    return this.samples === 0;
  }

  /** Summary values `value`, `min`, `max` (all 0 when empty). */
  values(): Record<string, number> {
    return { value: this.value, min: this.min, max: this.max };
  }

  /** Values a threshold may use. */
  thresholdValues(): Record<string, number> {
    return { value: this.value };
  }

  /** Copy of the state. */
  snapshot(): GaugeSnapshot {
    return { kind: 'gauge', value: this.value, time: this.time, min: this.min, max: this.max, samples: this.samples };
  }

  /** Merges another gauge: min of mins, max of maxes, the later value. */
  merge(s: GaugeSnapshot): void {
    if (s.samples === 0) return;
    if (this.samples === 0) {
      this.min = s.min;
      this.max = s.max;
    } else {
      if (s.min < this.min) this.min = s.min;
      if (s.max > this.max) this.max = s.max;
    }
    if (s.time >= this.time) {
      this.value = s.value;
      this.time = s.time;
    }
    this.samples += s.samples;
  }
}
