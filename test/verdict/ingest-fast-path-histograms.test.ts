// The deferred per-second histograms and the direct encoder must give the histograms the plain path gives.
import fc from 'fast-check';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createTrendHistogram, decodeHistogram, encodeHistogram, type HdrHistogram } from '../../analysis/hdr-codec.ts';
import { emptyBucket, mergeBucketInto, type TrendBucket } from '../../analysis/ingest/bucket.ts';
import { countsIndex, encodeValuesHdr } from '../../analysis/ingest/small-hdr-encode.ts';
import { LazyTrendBucket, PENDING_LIMIT } from '../../analysis/ingest/trend-bucket.ts';

/** HDR values as ingest records them (µs-scaled, from 0 to hours, with repeats). */
const hdrValue = fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 2 ** 40 }), fc.constantFrom(0, 2047, 2048, 4095, 4096, 2 ** 33 - 1));
const values = fc.array(hdrValue, { maxLength: 40 });

function recorded(vs: readonly number[]): HdrHistogram {
  const h = createTrendHistogram();
  for (const v of vs) h.recordValue(v);
  return h;
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
        const direct = encodeValuesHdr(vs);
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
    const direct = encodeValuesHdr(vs);
    expect(payload(direct).length).toBeGreaterThan(65_535);
    expect(payload(direct).equals(payload(encodeHistogram(recorded(vs))))).toBe(true);
  });
});

/** A per-second trend bucket filled the way ingest fills one. */
function lazyBucket(vs: readonly number[]): LazyTrendBucket {
  const b = new LazyTrendBucket();
  for (const v of vs) {
    b.count++;
    b.sum += v;
    b.record(v);
  }
  return b;
}

/** The same bucket as ingest built it before the histograms were deferred. */
function eagerBucket(vs: readonly number[]): TrendBucket {
  return { kind: 'trend', count: vs.length, sum: vs.reduce((a, b) => a + b, 0), min: Infinity, max: -Infinity, hist: recorded(vs) };
}

describe('deferred per-second trend histograms', () => {
  it('property: merging deferred buckets gives byte-identical whole-run histograms to merging real ones', () => {
    const seconds = fc.array(fc.oneof(values, fc.array(hdrValue, { minLength: PENDING_LIMIT - 2, maxLength: PENDING_LIMIT + 3 })), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(seconds, (secs) => {
        const eager = emptyBucket('trend') as TrendBucket;
        const lazy = emptyBucket('trend') as TrendBucket;
        for (const vs of secs) {
          mergeBucketInto(eager, eagerBucket(vs));
          mergeBucketInto(lazy, lazyBucket(vs));
        }
        expect(lazy.count).toBe(eager.count);
        expect(encodeHistogram(lazy.hist)).toBe(encodeHistogram(eager.hist));
      }),
      { numRuns: 300 },
    );
  });

  it('property: a deferred bucket’s histogram, built on demand, is the one recording would have built', () => {
    fc.assert(
      fc.property(fc.array(hdrValue, { maxLength: PENDING_LIMIT + 20 }), (vs) => {
        const b = lazyBucket(vs);
        expect(b.pending === undefined).toBe(vs.length > PENDING_LIMIT);
        expect(encodeHistogram(b.hist)).toBe(encodeHistogram(recorded(vs)));
        expect(b.pending).toBeUndefined(); // from now on values go straight into the histogram
        b.record(7);
        expect(b.hist.totalCount).toBe(vs.length + 1);
      }),
      { numRuns: 200 },
    );
  });

  it('a decoded bucket (engine time series) merges into a deferred one', () => {
    const into = emptyBucket('trend');
    mergeBucketInto(into, lazyBucket([5, 10]));
    mergeBucketInto(into, { ...eagerBucket([2_000_000]), hist: decodeHistogram(encodeHistogram(recorded([2_000_000]))) });
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
