// The compact per-second store must give exactly what the per-second bucket map it replaced gave:
// the same series points (hdr strings byte for byte) and the same whole-run merge (encoded histogram
// included, whose header depends on the order seconds were first seen), whatever the order of samples.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeHistogram, createTrendHistogram, toHdrValue } from '../../analysis/hdr-codec.ts';
import { addSampleToBucket, bucketPoint, emptyBucket, mergeBucketInto, type Bucket } from '../../analysis/ingest/bucket.ts';
import { mergedBound, mergeRuns } from '../../analysis/ingest/index-runs.ts';
import { SecondStore } from '../../analysis/ingest/second-store.ts';
import { tagSetKey } from '../../analysis/ingest/sample-accumulator.ts';
import { countsIndex } from '../../analysis/hdr-index.ts';
import { encodeRunsHdr } from '../../analysis/ingest/small-hdr-encode.ts';
import { PENDING_LIMIT } from '../../analysis/ingest/trend-bucket.ts';
import type { MetricType, SeriesPoint } from '../../analysis/result/types.ts';

/**
 * The structure before the compact store: one bucket object per second, in a Map (first-seen order).
 * Its trend seconds deferred their histograms up to PENDING_LIMIT raw values and then had them
 * written by the direct encoder (checked against hdr-histogram-js in ingest-fast-path-histograms),
 * unless a pre-aggregated bucket was merged in: `raw` and `merged` keep what that choice needs.
 */
class OldSeconds {
  readonly seconds = new Map<number, Bucket>();
  private readonly raw = new Map<number, number[]>();
  private readonly merged = new Set<number>();
  constructor(readonly type: MetricType) {}
  bucket(sec: number): Bucket {
    let b = this.seconds.get(sec);
    if (!b) this.seconds.set(sec, (b = emptyBucket(this.type)));
    return b;
  }
  add(sec: number, timeMs: number, value: number): void {
    addSampleToBucket(this.bucket(sec), timeMs, value);
    if (this.type !== 'trend') return;
    const vs = this.raw.get(sec);
    if (vs) vs.push(toHdrValue(value));
    else this.raw.set(sec, [toHdrValue(value)]);
  }
  merge(sec: number, b: Bucket): void {
    mergeBucketInto(this.bucket(sec), b);
    this.merged.add(sec);
  }
  point(sec: number): SeriesPoint {
    const p = bucketPoint(sec, this.seconds.get(sec)!);
    const vs = this.raw.get(sec) ?? [];
    return 'hdr' in p && !this.merged.has(sec) && vs.length <= PENDING_LIMIT ? { ...p, hdr: directHdr(vs) } : p;
  }
}

/** The direct encoding of a second's HDR values, from index runs built in one go. */
function directHdr(vs: readonly number[]): string {
  const idx = Int32Array.from(vs, countsIndex).sort();
  const runs = new Uint8Array(mergedBound(0, idx.length));
  const len = mergeRuns(new Uint8Array(0), 0, 0, idx, idx.length, runs, 0);
  return encodeRunsHdr(runs, 0, len, vs.length, vs.reduce((m, v) => (v > m ? v : m), 0));
}

interface Sample { timeMs: number; value: number }

function addNew(store: SecondStore, s: Sample): void {
  const sec = Math.floor(s.timeMs / 1000);
  if (store.type === 'trend') store.addTrend(sec, s.value);
  else store.addOther(sec, s.timeMs, s.value);
}

/** Whole-run bucket as comparable plain data (histogram encoded). */
function plain(b: Bucket): unknown {
  return b.kind === 'trend' ? { ...b, hist: b.count > 0 ? encodeHistogram(b.hist) : null } : { ...b };
}

/** Feeds both structures and asserts equal points and equal whole-run totals. */
function expectSame(type: MetricType, samples: readonly Sample[]): void {
  const store = new SecondStore(type);
  const old = new OldSeconds(type);
  for (const s of samples) {
    addNew(store, s);
    old.add(Math.floor(s.timeMs / 1000), s.timeMs, s.value);
  }
  const oldPoints = [...old.seconds.keys()].sort((a, b) => a - b).map((t) => old.point(t));
  expect(store.points()).toEqual(oldPoints);
  const oldTotal = emptyBucket(type);
  for (const b of old.seconds.values()) mergeBucketInto(oldTotal, b);
  const total = emptyBucket(type);
  store.mergeInto(total);
  expect(plain(total)).toEqual(plain(oldTotal));
}

/** Trend values from sub-ms to hours, with repeats and zeros (HDR index 0). */
const value = fc.oneof(fc.constantFrom(0, 0.0001, 1, 1, 2.047, 2.048, 350.5), fc.double({ min: 0, max: 5000, noNaN: true }), fc.double({ min: 0, max: 2 ** 33, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true }));
const sample = fc.record({ timeMs: fc.integer({ min: 1_700_000_000_000, max: 1_700_000_009_999 }), value });

describe('compact per-second store vs the per-second bucket map', () => {
  for (const type of ['trend', 'counter', 'rate', 'gauge'] as const) {
    it(`property (${type}): any order of samples, seconds revisited late, gives the same points and whole-run merge`, () => {
      fc.assert(
        fc.property(fc.array(sample, { maxLength: 300 }), (samples) => expectSame(type, type === 'rate' ? samples.map((s) => ({ ...s, value: s.value > 1 ? 1 : 0 })) : samples)),
        { numRuns: 300 },
      );
    });
  }

  it('property: seconds far apart (stray clocks) and dense runs mixed, revisited in any order', () => {
    const sec = fc.oneof(fc.integer({ min: 0, max: 400 }), fc.constantFrom(-1_000_000, 5_000, 90_000, 2_000_000), fc.integer({ min: 100_000, max: 100_050 }));
    const far = fc.record({ timeMs: sec.map((s) => 1_700_000_000_000 + s * 1000 + 17), value });
    fc.assert(fc.property(fc.array(far, { maxLength: 400 }), (samples) => expectSame('trend', samples)), { numRuns: 300 });
  });

  it('a second beyond PENDING_LIMIT values, reopened by a late point, keeps hdr-histogram-js encoding exactly', () => {
    const samples: Sample[] = [];
    for (let i = 0; i < PENDING_LIMIT + 40; i++) samples.push({ timeMs: 5_000 + (i % 997), value: (i * 7919) % 100_000 / 10 });
    samples.push({ timeMs: 6_100, value: 3 }, { timeMs: 5_999, value: 4_000_000 }); // back into the full second
    // The boundary: exactly PENDING_LIMIT values keep the direct encoder, one more switches.
    for (const [sec, n] of [[7, PENDING_LIMIT], [8, PENDING_LIMIT + 1]] as const) for (let i = 0; i < n; i++) samples.push({ timeMs: sec * 1000 + (i % 1000), value: (i * 104_729) % 50_000 / 7 });
    expectSame('trend', samples);
  });

  it('thousands of seconds revisited by two more runners (dead runs compacted) stay exact', () => {
    // Two runners leave dead bytes of exactly half the arena, which the strict check skips; the third
    // pushes them past half, so compact() really runs (and moves every slot's runs).
    const runner = (shift: number): Sample[] => Array.from({ length: 40_000 }, (_, i) => ({ timeMs: i * 125 + shift, value: ((i * 2654435761) % 1_000_000) / 997 }));
    expectSame('trend', [...runner(0), ...runner(60), ...runner(90)]);
  });

  it('a pre-aggregated bucket merged into a second that already holds raw samples, and samples after it', () => {
    const ts = createTrendHistogram();
    for (const v of [1_500, 2_500_000]) ts.recordValue(v);
    const pre = (): Bucket => ({ kind: 'trend', count: 2, sum: 2501.5, min: 1.5, max: 2500, hist: ts });
    const store = new SecondStore('trend');
    const old = new OldSeconds('trend');
    const raw = (sec: number, v: number): void => {
      store.addTrend(sec, v);
      old.add(sec, sec * 1000, v);
    };
    raw(10, 4.2);
    raw(10, 7);
    store.addBucket(10, pre());
    old.merge(10, pre());
    raw(10, 9.9);
    store.addBucket(11, pre());
    old.merge(11, pre());
    raw(11, 1);
    raw(12, 3);
    const oldPoints = [10, 11, 12].map((t) => old.point(t));
    expect(store.points()).toEqual(oldPoints);
    const [a, b] = [emptyBucket('trend'), emptyBucket('trend')];
    store.mergeInto(a);
    for (const x of old.seconds.values()) mergeBucketInto(b, x);
    expect(plain(a)).toEqual(plain(b));
  });

  it('every k6 NDJSON fixture, whole and split into three runners read one after the other, gives the same series and merges', () => {
    const dir = new URL('../fixtures/k6/', import.meta.url);
    for (const name of ['out-json-real-k6v0.46.0-xk6-dashboard-result.ndjson', 'out-json-k6testdata-v2.2.ndjson', 'out-json-k6learn-2022-sample.ndjson', 'out-json-k6docs-2017-sample.ndjson']) {
      const types = new Map<string, MetricType>();
      const bySet = new Map<string, { type: MetricType; samples: Sample[] }>();
      const lines = readFileSync(new URL(name, dir), 'utf8').split('\n').filter((l) => l.trim() !== '');
      const points = lines.map((l) => JSON.parse(l)).filter((o) => {
        if (o.type === 'Metric') types.set(o.data.name ?? o.metric, o.data.type);
        return o.type === 'Point';
      });
      // Runner r gets every third point: reading runner 1, then 2, then 3 revisits every second.
      const ordered = [0, 1, 2].flatMap((r) => points.filter((_, i) => i % 3 === r));
      for (const o of ordered) {
        const key = `${o.metric}\u0000${tagSetKey(o.data.tags ?? {})}`;
        const set = bySet.get(key) ?? { type: types.get(o.metric) ?? 'trend', samples: [] };
        set.samples.push({ timeMs: Date.parse(o.data.time), value: o.data.value });
        bySet.set(key, set);
      }
      expect(bySet.size, name).toBeGreaterThan(0);
      for (const { type, samples } of bySet.values()) expectSame(type, samples);
    }
  });
});
