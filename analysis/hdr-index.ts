/**
 * The counts-array arithmetic of a trend histogram (createTrendHistogram in hdr-codec.ts: 3
 * significant digits → 2048 sub-buckets, unit 1), in integers, for the hot paths that place values
 * in HDR buckets without a histogram object: ingest's per-second runs and the comparison's bucket keys.
 * Tests check both against hdr-histogram-js's own countsArrayIndex and valueFromIndex.
 */
const SUB_BUCKET_HALF_MAGNITUDE = 10;
const SUB_BUCKET_HALF = 1024;
const SUB_BUCKET_COUNT = 2048;

/** Index in hdr-histogram-js's counts array of a value (same arithmetic as JsHistogram.countsArrayIndex). */
export function countsIndex(value: number): number {
  if (value < SUB_BUCKET_COUNT) return value; // bucket 0: the index is the value
  if (value < 2 ** 31) {
    // Integer form of the same arithmetic (exact below 2^31, where floor(log2) is exact too).
    const b = 31 - Math.clz32(value) - SUB_BUCKET_HALF_MAGNITUDE;
    return (b + 1) * SUB_BUCKET_HALF + ((value >>> b) - SUB_BUCKET_HALF);
  }
  const bucket = Math.max(Math.floor(Math.log2(value)) - SUB_BUCKET_HALF_MAGNITUDE, 0);
  const sub = Math.floor(value / 2 ** bucket);
  return (bucket + 1) * SUB_BUCKET_HALF + (sub - SUB_BUCKET_HALF);
}

/** The lowest value of a counts index (valueFromIndex, without its float arithmetic). */
export function lowestValueAt(index: number): number {
  if (index < SUB_BUCKET_COUNT) return index;
  const bucket = (index >>> SUB_BUCKET_HALF_MAGNITUDE) - 1;
  return ((index & (SUB_BUCKET_HALF - 1)) + SUB_BUCKET_HALF) * 2 ** bucket;
}
