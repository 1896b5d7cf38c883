import { describe, expect, it } from 'vitest';
import { blockBootstrapInterval } from '../../analysis/compare/block-bootstrap-interval.ts';
import { circularBlockLength, MIN_BLOCKS } from '../../analysis/compare/circular-block-length.ts';
import { PooledHistogramTable, type UnitRanges } from '../../analysis/compare/pooled-histogram-table.ts';
import { bucketKeyOf, bucketMiddle, type SecondBuckets } from '../../analysis/compare/second-buckets.ts';
import { seedFromString, seededPrng } from '../../analysis/seeded-prng.ts';
import { createTrendHistogram, toHdrValue } from '../../analysis/hdr-codec.ts';
import { gaussian, percentileSorted, prng, simulateSecondBuckets } from './simulate.ts';

/** Per-second buckets of explicit values (one array per second). */
function secondsOf(values: number[][]): SecondBuckets {
  const d: SecondBuckets = { seconds: values.length, buckets: values.map(() => new Map()), counts: new Float64Array(values.length), sums: new Float64Array(values.length), min: Infinity, max: -Infinity };
  values.forEach((vs, s) => {
    for (const v of vs) {
      const k = bucketKeyOf(v);
      d.buckets[s]!.set(k, (d.buckets[s]!.get(k) ?? 0) + 1);
      d.counts[s]! += 1;
      d.sums[s]! += v;
      d.min = Math.min(d.min, v);
      d.max = Math.max(d.max, v);
    }
  });
  return d;
}

const ranges = (...pairs: number[]): UnitRanges => ({ bounds: Int32Array.from(pairs), n: pairs.length / 2 });

describe('building blocks of the pooled-histogram bootstrap', () => {
  it('seededPrng repeats its stream for a seed, and seeds differ by metric', () => {
    const a = seededPrng(42);
    const b = seededPrng(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seedFromString('http_req_duration p(95)')).not.toBe(seedFromString('http_req_duration p(99)'));
    expect(seedFromString('')).toBe(0x811c9dc5); // FNV-1a offset basis
  });

  it('bucketKeyOf and bucketMiddle agree with HdrHistogram itself', () => {
    const h = createTrendHistogram() as unknown as { lowestEquivalentValue(v: number): number; medianEquivalentValue(v: number): number };
    const rand = prng(1);
    for (let i = 0; i < 5000; i++) {
      const ms = Math.exp(rand() * 16) / 1000; // 1 µs … ~9 s
      const key = bucketKeyOf(ms);
      expect(key).toBe(h.lowestEquivalentValue(toHdrValue(ms)));
      expect(bucketMiddle(key)).toBe(h.medianEquivalentValue(key) / 1000);
    }
    // Bucket edges, up to latencies of days (beyond 2^31 µs the integer shortcut does not apply).
    for (let k = 0; k < 46; k++) {
      for (const x of [2 ** k - 1, 2 ** k, 2 ** k + 1]) expect(bucketKeyOf(x / 1000)).toBe(h.lowestEquivalentValue(toHdrValue(x / 1000)));
    }
  });

  it('pooled statistics of any set of ranges match the exact values of those samples', () => {
    const rand = prng(2);
    const values = Array.from({ length: 30 }, (_, s) => Array.from({ length: 5 + (s % 7) * 10 }, () => 20 * Math.exp(0.6 * gaussian(rand))));
    const table = new PooledHistogramTable(secondsOf(values));
    expect(table.units).toBe(30);
    for (const r of [ranges(0, 30), ranges(3, 9), ranges(25, 30, 0, 4), ranges(7, 8, 7, 8, 12, 20)]) {
      const pooled: number[] = [];
      for (let i = 0; i < r.n; i++) for (let s = r.bounds[2 * i]!; s < r.bounds[2 * i + 1]!; s++) pooled.push(...values[s]!);
      pooled.sort((a, b) => a - b);
      expect(table.count(r)).toBe(pooled.length);
      for (const p of [0, 50, 90, 95, 99, 100]) {
        // HDR buckets at 3 significant digits: every value within ±0.1 % of the exact one.
        expect(Math.abs(table.statistic({ kind: 'quantile', p }, r) / percentileSorted(pooled, p) - 1)).toBeLessThan(1e-3);
      }
      expect(table.statistic({ kind: 'mean' }, r)).toBeCloseTo(pooled.reduce((a, b) => a + b, 0) / pooled.length, 9);
    }
    expect(table.statistic({ kind: 'quantile', p: 95 }, ranges(4, 4))).toBeNaN(); // no sample
  });

  it('influence: per second, samples at or below the whole-run quantile\'s bucket minus p × samples, and x − mean', () => {
    const rand = prng(5);
    const values = Array.from({ length: 12 }, (_, s) => Array.from({ length: 3 + s * 4 }, () => 20 * Math.exp(0.6 * gaussian(rand))));
    const table = new PooledHistogramTable(secondsOf(values));
    const all = values.flat().sort((a, b) => a - b);
    const theta = bucketKeyOf(all[Math.floor(0.9 * (all.length - 1))]!);
    const expected = values.map((vs) => vs.filter((v) => bucketKeyOf(v) <= theta).length - 0.9 * vs.length);
    Array.from(table.influence({ kind: 'quantile', p: 90 })).forEach((x, u) => expect(x).toBeCloseTo(expected[u]!, 9));
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    Array.from(table.influence({ kind: 'mean' })).forEach((x, u) => expect(x).toBeCloseTo(values[u]!.reduce((a, v) => a + v - mean, 0), 6));
  });

  it('a very long run is grouped into coarser units so the table stays bounded', () => {
    const values = Array.from({ length: 100 }, (_, s) => [1 + s, 2 + s, 3 + s]);
    const table = new PooledHistogramTable(secondsOf(values), 1000);
    expect(table.unitSec).toBeGreaterThan(1);
    expect(table.units).toBe(Math.ceil(100 / table.unitSec));
    expect(table.count(table.all())).toBe(300);
  });

  it('circularBlockLength: 1 for independent units, longer for a slow drift, capped at n / MIN_BLOCKS', () => {
    const rand = prng(3);
    const white = Array.from({ length: 400 }, () => gaussian(rand));
    expect(circularBlockLength(white)).toBeLessThanOrEqual(2);
    let x = 0;
    const drift = Array.from({ length: 400 }, () => (x = 0.9 * x + gaussian(rand)));
    const b = circularBlockLength(drift);
    // Politis–White optimum for AR(1) φ = 0.9, n = 400: (600)^(1/3)·(1.8/0.19)^(2/3) ≈ 37.
    expect(b).toBeGreaterThan(15);
    expect(b).toBeLessThanOrEqual(80);
    expect(circularBlockLength(drift.slice(0, 30))).toBeLessThanOrEqual(30 / MIN_BLOCKS);
    expect(circularBlockLength([1, 2])).toBe(1);
    expect(circularBlockLength([5, 5, 5, 5, 5])).toBe(1);
  });

  it('blockBootstrapInterval is deterministic, and collapses on the change when seconds do not vary', () => {
    const same = Array.from({ length: 20 }, () => [10, 20, 30, 40, 50]);
    const slower = Array.from({ length: 20 }, () => [11, 22, 33, 44, 55]);
    const iv = blockBootstrapInterval(new PooledHistogramTable(secondsOf(same)), new PooledHistogramTable(secondsOf(slower)), { kind: 'quantile', p: 95 }, { confidence: 0.95, seed: 1, resamples: 200 });
    if ('reason' in iv) throw new Error(iv.reason);
    expect(iv.change).toBeCloseTo(0.1, 2);
    expect(iv.lower).toBeCloseTo(iv.change, 9);
    expect(iv.upper).toBeCloseTo(iv.change, 9);
    expect(iv.minimumDetectableEffect).toBeCloseTo(0, 9);
    const rand = prng(4);
    const shape = { seconds: 60, requestsPerSecond: 50, medianMs: 5 };
    const a = new PooledHistogramTable(simulateSecondBuckets(rand, shape));
    const b = new PooledHistogramTable(simulateSecondBuckets(rand, shape));
    const run = () => blockBootstrapInterval(a, b, { kind: 'quantile', p: 95 }, { confidence: 0.95, seed: 9 });
    expect(run()).toEqual(run());
  });

  it('blockBootstrapInterval refuses what it cannot resample, naming why', () => {
    const one = new PooledHistogramTable(secondsOf([[1, 2, 3]]));
    const two = new PooledHistogramTable(secondsOf([[1, 2, 3], [4, 5, 6]]));
    expect(blockBootstrapInterval(one, two, { kind: 'mean' }, { confidence: 0.95, seed: 1 })).toEqual({ reason: expect.stringContaining('too short to resample') });
    const zeros = new PooledHistogramTable(secondsOf([[0, 0], [0, 0], [0]]));
    expect(blockBootstrapInterval(zeros, two, { kind: 'mean' }, { confidence: 0.95, seed: 1 })).toEqual({ reason: expect.stringContaining('baseline statistic is not positive') });
  });
});
