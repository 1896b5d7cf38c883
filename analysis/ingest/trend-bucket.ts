/**
 * A per-second trend bucket that defers its HDR histogram. Most seconds of most tag sets hold a few
 * samples, and an auto-resizing HDR histogram costs kilobytes and microseconds to create; with
 * thousands of seconds × tag sets that dominated ingest time and memory. The bucket keeps the
 * recorded HDR values in order until it holds PENDING_LIMIT of them (or someone asks for `hist`),
 * then records them into a real histogram exactly as if they had been recorded one by one.
 */
import { createTrendHistogram, type HdrHistogram } from '../hdr-codec.ts';
import { countsIndex } from './small-hdr-encode.ts';

/** Samples kept as plain numbers before a bucket switches to a real histogram (≈ 2 KiB, far below one histogram). */
export const PENDING_LIMIT = 256;

/** The parts of hdr-histogram-js 3.0.1's JS histograms that `add` and `recordValue` use but the typings do not declare. */
type Internals = HdrHistogram & {
  countsArrayLength: number;
  resize(newHighestTrackableValue: number): void;
  valueFromIndex(index: number): number;
  highestEquivalentValue(value: number): number;
  _counts: unknown;
  _totalCount: number;
  maxValue: number;
  minNonZeroValue: number;
  unitMagnitude: number;
  subBucketHalfCountMagnitude: number;
};

/** A trend bucket whose histogram is built on first use. */
export class LazyTrendBucket {
  readonly kind = 'trend' as const;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  /** HDR values not yet in a histogram, in recording order; undefined once the histogram exists. */
  pending: number[] | undefined = [];
  private histogram: HdrHistogram | undefined;

  /** The histogram, created (and filled with the pending values) on first access. */
  get hist(): HdrHistogram {
    if (this.histogram === undefined) {
      const h = createTrendHistogram();
      const p = this.pending!;
      for (let i = 0; i < p.length; i++) h.recordValue(p[i]!);
      this.histogram = h;
      this.pending = undefined;
    }
    return this.histogram;
  }

  set hist(h: HdrHistogram) {
    this.histogram = h;
    this.pending = undefined;
  }

  /** Records one HDR value (count/sum/min/max are the caller's job, as for a plain bucket). */
  record(hdrValue: number): void {
    const p = this.pending;
    if (p !== undefined && p.length < PENDING_LIMIT) p.push(hdrValue);
    else this.hist.recordValue(hdrValue);
  }
}

/**
 * Adds pending values into `into` with the same end state as `into.add(histogramOf(values))`:
 * `add` first grows the target to the other histogram's max value (which sets the highest trackable
 * value written in the encoding), then adds counts; recording after that growth changes nothing else.
 */
export function addPendingInto(into: HdrHistogram, values: readonly number[]): void {
  if (values.length === 0) return;
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  const h = into as Internals;
  if (h.highestEquivalentValue(h.valueFromIndex(h.countsArrayLength - 1)) < max) h.resize(max);
  const counts = h._counts;
  if (!(counts instanceof Uint32Array) || h.unitMagnitude !== 0 || h.subBucketHalfCountMagnitude !== 10) {
    for (let i = 0; i < values.length; i++) h.recordValue(values[i]!);
    return;
  }
  // A trend histogram (see hdr-codec.ts) that covers every value: exactly what recordValue does per
  // value (count, total, max, smallest non-zero), without its per-call bucket arithmetic.
  let minNonZero = h.minNonZeroValue;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    counts[countsIndex(v)]!++;
    if (v !== 0 && v < minNonZero) minNonZero = v;
  }
  h._totalCount += values.length;
  if (max > h.maxValue) h.maxValue = max;
  h.minNonZeroValue = minNonZero;
}
