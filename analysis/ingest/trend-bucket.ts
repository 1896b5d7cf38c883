/**
 * Exact merges of a second's index runs (index-runs.ts, as second-store.ts keeps raw trend samples)
 * into HDR histograms, with the end state hdr-histogram-js reaches recording the same values, and
 * PENDING_LIMIT, which says which encoder writes a second's histogram (so encodings stay identical).
 */
import { createTrendHistogram, type HdrHistogram } from '../hdr-codec.ts';
import { cursor, readWord } from './index-runs.ts';
import { countsIndex, lowestValueAt } from '../hdr-index.ts';

/**
 * Largest sample count of a second whose histogram the direct encoder (small-hdr-encode.ts) writes;
 * beyond it hdr-histogram-js does, as when seconds were buckets that deferred their histograms this far.
 */
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
 * the end state of `into.add(histogram of those values)`: `add` first grows the target to the other
 * histogram's max value (which sets the highest trackable value written in the encoding), then adds
 * counts. The encoding and every percentile depend on the counts per index and on `max` (the second's largest value). The smallest non-zero value, which
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
