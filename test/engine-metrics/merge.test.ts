import { describe, expect, it } from 'vitest';
import type { Sample } from '../../load/engine/metrics/contract.ts';
import { decodeHistogram } from '../../analysis/hdr-codec.ts';
import { MetricsEngine, type MetricsSnapshot } from '../../load/engine/metrics/metrics-engine.ts';
import { TrendSink } from '../../load/engine/metrics/trend-sink.ts';
import { k6Percentile, relErr, sample } from './helpers.ts';

const OPTIONS = {
  thresholds: { http_req_duration: ['p(95)<300', 'med<100'], 'http_req_duration{status:500}': ['max<1000'], checks: ['rate>0.9'], http_reqs: ['rate>1'] },
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'count'],
};

/** A deterministic mixed stream: every value is a multiple of 1/8 so sums are exact in any order. */
function stream(n: number): Sample[] {
  const out: Sample[] = [];
  let x = 12345;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < n; i++) {
    const status = rnd() < 0.05 ? '500' : '200';
    const tags = { status, expected_response: status === '200' ? 'true' : 'false', method: 'GET', name: `u${i % 3}` };
    out.push(sample('http_req_duration', Math.round(rnd() * 4000) / 8, tags, i));
    out.push(sample('http_reqs', 1, tags, i));
    out.push(sample('http_req_failed', status === '500' ? 1 : 0, tags, i));
    out.push(sample('checks', rnd() < 0.9 ? 1 : 0, { check: i % 2 ? 'ok' : 'body', group: i % 5 ? '' : '::g1::g2' }, i));
    out.push(sample('vus', i % 7, {}, i));
    out.push(sample('job_e2e_duration', -2 + (i % 50), { kind: 'a' }, i));
  }
  return out;
}

function engine(): MetricsEngine {
  const e = new MetricsEngine(OPTIONS);
  e.define({ name: 'job_e2e_duration', type: 'trend', contains: 'time' });
  return e;
}

/** The snapshot with each encoded histogram replaced by its full percentile distribution text. */
function bucketsOf(snap: MetricsSnapshot): unknown {
  const norm = (sink: any) => (sink.kind === 'trend' && sink.hdr ? { ...sink, hdr: decodeHistogram(sink.hdr).outputPercentileDistribution() } : sink);
  return snap.metrics.map((m) => ({ ...m, sink: norm(m.sink), subs: m.subs.map((s) => ({ ...s, sink: norm(s.sink) })) }));
}

const summary = (e: MetricsEngine) => e.summaryData({ testRunDurationMs: 10_000, isStdOutTTY: false, isStdErrTTY: false });

describe('exact merge across workers', () => {
  it('two engines fed halves, merged through structured clone, equal one engine fed everything', () => {
    const all = stream(20_000);
    const single = engine();
    single.add(all);
    // Interleaved split, like two workers running VUs side by side.
    const a = engine();
    const b = engine();
    a.add(all.filter((_, i) => i % 2 === 0));
    b.add(all.filter((_, i) => i % 2 === 1));
    const coordinator = new MetricsEngine(OPTIONS);
    coordinator.merge(structuredClone(a.snapshot()));
    coordinator.merge(structuredClone(b.snapshot()));
    expect(summary(coordinator)).toEqual(summary(single));
    expect(coordinator.evaluate({ final: true, elapsedMs: 10_000 })).toEqual(single.evaluate({ final: true, elapsedMs: 10_000 }));
    // Encoded strings may differ in header fields (array size after auto-resize); the bucket counts may not.
    expect(bucketsOf(coordinator.snapshot())).toEqual(bucketsOf(single.snapshot()));
  });

  it('merging an empty engine changes nothing, and merge refuses foreign data', () => {
    const e = engine();
    e.add(stream(100));
    const before = summary(e);
    e.merge(new MetricsEngine(OPTIONS).snapshot());
    expect(summary(e)).toEqual(before);
    expect(() => e.merge({ nope: 1 })).toThrow(/snapshot/);
  });
});

describe('non-finite values', () => {
  it('are counted and left out instead of poisoning sums', () => {
    const e = new MetricsEngine({ thresholds: {} });
    e.add([sample('iteration_duration', 5), sample('iteration_duration', Number.NaN), sample('iteration_duration', Infinity)]);
    expect(e.nonFiniteSamples).toBe(2);
    const v = e.summaryData({ testRunDurationMs: 1, isStdOutTTY: false, isStdErrTTY: false }).metrics.iteration_duration!.values;
    expect([v.avg, v.max]).toEqual([5, 5]);
  });
});

describe('trend sink', () => {
  it('keeps exact count/sum/min/max and percentiles within HDR 3-digit precision, with flat memory', () => {
    const t = new TrendSink();
    for (let i = 1; i <= 100_000; i++) t.add(i / 100);
    const footprint = t.histogram.estimatedFootprintInBytes;
    for (let i = 1; i <= 100_000; i++) t.add(i / 100);
    // Same value range again: the histogram does not grow with the number of samples.
    expect(t.histogram.estimatedFootprintInBytes).toBe(footprint);
    expect([t.count, t.min, t.max]).toEqual([200_000, 0.01, 1000]);
    expect(t.avg()).toBeCloseTo(500.005, 6);
    const all = Array.from({ length: 100_000 }, (_, i) => (i + 1) / 100);
    for (const p of [50, 90, 95, 99, 99.9]) expect(relErr(t.percentile(p), k6Percentile([...all, ...all], p))).toBeLessThan(0.001);
    expect(t.percentile(0)).toBe(0.01);
    expect(t.percentile(100)).toBe(1000);
  });

  it('an empty trend reports zeros', () => {
    const t = new TrendSink();
    expect(t.values([{ key: 'avg', kind: 'avg' }, { key: 'p(95)', kind: 'p', percentile: 95 }, { key: 'count', kind: 'count' }])).toEqual({ avg: 0, 'p(95)': 0, count: 0 });
  });
});
