/**
 * A per-second trend bucket that defers its HDR histogram. Most seconds of most tag sets hold a few
 * samples, and an auto-resizing HDR histogram costs kilobytes and microseconds to create; with
 * thousands of seconds × tag sets that dominated ingest time and memory. The bucket keeps the
 * recorded HDR values in order until it holds PENDING_LIMIT of them (or someone asks for `hist`),
 * then records them into a real histogram exactly as if they had been recorded one by one.
 * Raw samples now live in second-store.ts as index runs; this bucket holds whole-run totals and
 * seconds merged from pre-aggregated buckets, and PENDING_LIMIT still says which encoder a
 * second's histogram is written with. Also here: the exact merges of index runs into histograms.
 */
import { createTrendHistogram, type HdrHistogram } from '../hdr-codec.ts';
import { cursor, readWord } from './index-runs.ts';
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
  const h = growFor(into, max);
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

/** Grows `into` as `add` does for another histogram whose largest value is `max`. */
function growFor(into: HdrHistogram, max: number): Internals {
  const h = into as Internals;
  if (coverTop(h) < max) h.resize(max);
  return h;
}

/**
 * highestEquivalentValue(valueFromIndex(countsArrayLength − 1)): the largest value the counts array
 * covers. Asked once per merged second, so trend histograms (unit 1, half count 1024) get the same
 * number by integer arithmetic instead of the library's float path.
 */
function coverTop(h: Internals): number {
  if (h.unitMagnitude !== 0 || h.subBucketHalfCountMagnitude !== 10) return h.highestEquivalentValue(h.valueFromIndex(h.countsArrayLength - 1));
  const last = h.countsArrayLength - 1;
  if (last < 2048) return last;
  if (last === lastCoverIndex) return lastCoverTop;
  lastCoverIndex = last;
  lastCoverTop = ((last & 1023) + 1025) * 2 ** ((last >>> 10) - 1) - 1;
  return lastCoverTop;
}

/** The last counts index coverTop turned into a value (whole-run histograms share a few sizes). */
let lastCoverIndex = -1;
let lastCoverTop = 0;

/**
 * Adds a second's values held as index runs (index-runs.ts) in runs[off, off + len) into `into`, with
 * the end state of addPendingInto on those values: the encoding and every percentile depend on the
 * counts per index and on `max` (the second's largest value). The smallest non-zero value, which
 * neither uses, is `minNonZero` when known (> 0), else the lowest value of the first non-zero index.
 */
export function addRunsInto(into: HdrHistogram, runs: Uint8Array, off: number, len: number, max: number, minNonZero: number): void {
  if (len === 0) return;
  const h = growFor(into, max);
  const counts = h._counts;
  const direct = counts instanceof Uint32Array && h.unitMagnitude === 0 && h.subBucketHalfCountMagnitude === 10;
  let index = 0;
  let total = 0;
  let firstNonZero = -1;
  cursor.pos = off;
  while (cursor.pos < off + len) {
    index += readWord(runs);
    const count = readWord(runs);
    if (direct) (counts as Uint32Array)[index]! += count;
    else (h as unknown as { recordValueWithCount(v: number, c: number): void }).recordValueWithCount(h.valueFromIndex(index), count);
    total += count;
    if (firstNonZero < 0 && index > 0) firstNonZero = index;
  }
  if (!direct) return;
  h._totalCount += total;
  if (max > h.maxValue) h.maxValue = max;
  if (firstNonZero > 0) {
    const v = minNonZero > 0 ? minNonZero : lowestValueAt(firstNonZero);
    if (v < h.minNonZeroValue) h.minNonZeroValue = v;
  }
}

/** The lowest value of a trend histogram's counts index (valueFromIndex, without its float arithmetic). */
function lowestValueAt(index: number): number {
  if (index < 2048) return index;
  const bucket = (index >>> 10) - 1;
  return ((index & 1023) + 1024) * 2 ** bucket;
}

/**
 * The histogram hdr-histogram-js ends with after recording, one by one, the values behind the runs
 * (largest `max`): recording `max` first sizes it as the whole sequence would (its size depends on
 * the largest value only), then the counts are added.
 */
export function histogramFromRuns(runs: Uint8Array, off: number, len: number, max: number): HdrHistogram {
  const h = createTrendHistogram();
  h.recordValue(max);
  const maxIndex = countsIndex(max);
  let index = 0;
  cursor.pos = off;
  while (cursor.pos < off + len) {
    index += readWord(runs);
    const count = readWord(runs) - (index === maxIndex ? 1 : 0);
    if (count > 0) h.recordValueWithCount((h as Internals).valueFromIndex(index), count);
  }
  if (max > h.maxValue) (h as Internals).maxValue = max;
  return h;
}
