// The direct encoder of a second's index runs must give the histograms hdr-histogram-js gives.
import fc from 'fast-check';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createTrendHistogram, decodeHistogram, encodeHistogram, type HdrHistogram } from '../../analysis/hdr-codec.ts';
import { emptyBucket, mergeBucketInto, type TrendBucket } from '../../analysis/ingest/bucket.ts';
import { mergedBound, mergeRuns } from '../../analysis/ingest/index-runs.ts';
import { countsIndex } from '../../analysis/hdr-index.ts';
import { encodeRunsHdr } from '../../analysis/ingest/small-hdr-encode.ts';

/** HDR values as ingest records them (µs-scaled, from 0 to hours, with repeats). */
const hdrValue = fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 2 ** 40 }), fc.constantFrom(0, 2047, 2048, 4095, 4096, 2 ** 33 - 1));
const values = fc.array(hdrValue, { maxLength: 40 });

function recorded(vs: readonly number[]): HdrHistogram {
  const h = createTrendHistogram();
  for (const v of vs) h.recordValue(v);
  return h;
}

/** encodeRunsHdr of HDR values, held as index runs the way second-store.ts holds a second's samples. */
function runsHdr(vs: readonly number[]): string {
  const idx = Int32Array.from(vs, countsIndex).sort();
  const runs = new Uint8Array(mergedBound(0, idx.length));
  const len = mergeRuns(new Uint8Array(0), 0, 0, idx, idx.length, runs, 0);
  return encodeRunsHdr(runs, 0, len, vs.length, vs.reduce((m, v) => (v > m ? v : m), 0));
}

/** The uncompressed V2 bytes inside a "HISTF…" compressed base64 string. */
function payload(encoded: string): Buffer {
  const raw = Buffer.from(encoded, 'base64');
  return inflateSync(raw.subarray(8, 8 + raw.readInt32BE(4)));
}

describe('direct HDR encoding of a few values', () => {
  it('property: same uncompressed bytes as hdr-histogram-js, and it decodes to the same histogram', () => {
    fc.assert(
      fc.property(values, (vs) => {
        const reference = encodeHistogram(recorded(vs));
        const direct = runsHdr(vs);
        expect(payload(direct).equals(payload(reference))).toBe(true);
        const decoded = decodeHistogram(direct);
        expect(decoded.totalCount).toBe(vs.length);
        expect(encodeHistogram(decoded)).toBe(encodeHistogram(decodeHistogram(reference)));
      }),
      { numRuns: 1000 },
    );
  });

  it('a payload larger than one stored block (64 KiB) still decodes to the same histogram', () => {
    // Every counts index up to 2^49 once, 64 times each: two bytes per index, > 64 KiB.
    const vs: number[] = [];
    for (let index = 0; index < 40 * 1024; index++) {
      let bucket = Math.floor(index / 1024) - 1;
      let sub = (index % 1024) + 1024;
      if (bucket < 0) {
        sub -= 1024;
        bucket = 0;
      }
      for (let k = 0; k < 64; k++) vs.push(sub * 2 ** bucket);
    }
    const direct = runsHdr(vs);
    expect(payload(direct).length).toBeGreaterThan(65_535);
    expect(payload(direct).equals(payload(encodeHistogram(recorded(vs))))).toBe(true);
  });
});

describe('whole-run trend buckets', () => {
  it('a decoded bucket (engine time series) merges into one holding recorded values', () => {
    const into = emptyBucket('trend');
    mergeBucketInto(into, { kind: 'trend', count: 2, sum: 15, min: 5, max: 10, hist: recorded([5, 10]) });
    mergeBucketInto(into, { kind: 'trend', count: 1, sum: 2_000_000, min: 2_000_000, max: 2_000_000, hist: decodeHistogram(encodeHistogram(recorded([2_000_000]))) });
    expect((into as TrendBucket).hist.totalCount).toBe(3);
    expect((into as TrendBucket).count).toBe(3);
  });
});

describe('counts index', () => {
  it('property: equals hdr-histogram-js’s index for every value size', () => {
    const h = createTrendHistogram() as HdrHistogram & { countsArrayIndex(v: number): number };
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 2 ** 31 + 5 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })), (v) => {
        expect(countsIndex(v)).toBe(h.countsArrayIndex(v));
      }),
      { numRuns: 5000 },
    );
    for (let k = 0; k < 53; k++) for (const v of [2 ** k - 1, 2 ** k, 2 ** k + 1]) expect(countsIndex(v)).toBe(h.countsArrayIndex(v));
  });
});
