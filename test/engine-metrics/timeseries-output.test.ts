import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTrendHistogram, decodeHistogram, HDR_SCALE } from '../../analysis/hdr-codec.ts';
import type { TimeseriesLine } from '../../analysis/timeseries-line.ts';
import { MetricsEngine } from '../../load/engine/metrics/metrics-engine.ts';
import { urlFilteredMetrics } from '../../analysis/series-url-grouping.ts';
import { TimeseriesOutput } from '../../load/engine/outputs/timeseries-output.ts';

const dir = mkdtempSync(join(tmpdir(), 'engine-metrics-ts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T = 1_767_225_600_000; // a whole second
const read = (p: string): TimeseriesLine[] => readFileSync(p, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('--out timeseries', () => {
  it('groups requests by their name tag: per-job URLs do not each make a series', async () => {
    const path = join(dir, 'ts-url.ndjson');
    let now = T;
    const out = new TimeseriesOutput(path, new MetricsEngine({ thresholds: {} }), { startedAt: T, now: () => now });
    const named = (id: string) => ({ method: 'GET', name: '/api/jobs/:id', url: `http://127.0.0.1/api/jobs/${id}` });
    out.write([
      { metric: 'http_reqs', time: T + 10, value: 1, tags: named('job-1') },
      { metric: 'http_reqs', time: T + 20, value: 1, tags: named('job-2') },
      // Without a template name, k6 sets name = url: the url stays, it is the only grouping there is.
      { metric: 'http_reqs', time: T + 30, value: 1, tags: { method: 'GET', name: 'http://127.0.0.1/x', url: 'http://127.0.0.1/x' } },
    ]);
    now = T + 2000;
    out.flushComplete();
    await out.close();
    const lines = read(path).filter((l) => l.kind === 'counter');
    expect(lines).toEqual([
      expect.objectContaining({ tags: { method: 'GET', name: '/api/jobs/:id' }, value: 2 }),
      expect.objectContaining({ tags: { method: 'GET', name: 'http://127.0.0.1/x', url: 'http://127.0.0.1/x' }, value: 1 }),
    ]);
  });

  it('keeps the url of a metric a threshold filters on url (the rule ingest applies too)', async () => {
    const path = join(dir, 'ts-keep-url.ndjson');
    let now = T;
    const out = new TimeseriesOutput(path, new MetricsEngine({ thresholds: {} }), { startedAt: T, now: () => now, keepUrlFor: urlFilteredMetrics(['http_reqs{url:http://127.0.0.1/api/jobs/job-1}']) });
    const tags = { method: 'GET', name: '/api/jobs/:id', url: 'http://127.0.0.1/api/jobs/job-1' };
    out.write([{ metric: 'http_reqs', time: T + 10, value: 1, tags }]);
    now = T + 2000;
    out.flushComplete();
    await out.close();
    expect(read(path).filter((l) => l.kind === 'counter')).toEqual([expect.objectContaining({ tags, value: 1 })]);
  });

  it('writes a header, then one line per second/metric/tag set, streaming completed seconds', async () => {
    const path = join(dir, 'ts.ndjson');
    let now = T;
    const engine = new MetricsEngine({ thresholds: {} });
    engine.define({ name: 'queue_depth', type: 'gauge', contains: 'default' });
    const out = new TimeseriesOutput(path, engine, { startedAt: T, instance: 'w1', now: () => now });
    const a = { status: '200', method: 'GET' };
    const aReordered = { method: 'GET', status: '200' };
    out.write([
      { metric: 'http_req_duration', time: T + 10, value: 10.5, tags: a },
      { metric: 'http_req_duration', time: T + 20, value: 20.25, tags: aReordered },
      { metric: 'http_req_duration', time: T + 30, value: 5, tags: { status: '500', method: 'GET' } },
      { metric: 'http_reqs', time: T + 10, value: 1, tags: a },
      { metric: 'http_reqs', time: T + 20, value: 1, tags: a },
      { metric: 'http_req_failed', time: T + 10, value: 0, tags: a },
      { metric: 'http_req_failed', time: T + 30, value: 1, tags: a },
      { metric: 'queue_depth', time: T + 900, value: 3, tags: {} },
      { metric: 'queue_depth', time: T + 100, value: 9, tags: {} },
      { metric: 'http_reqs', time: T + 1500, value: 1, tags: a },
    ]);
    now = T + 1999; // second T ends at T + 1000 and is written once the clock reaches T + 2000 (1 s lateness allowance)
    out.flushComplete();
    expect(read(path)).toHaveLength(1);
    now = T + 2000;
    out.flushComplete();
    const streamed = read(path);
    expect(streamed[0]).toMatchObject({ kind: 'header', format: 'aetheris-bench/timeseries@1', startedAt: T, source: 'engine', instance: 'w1', hdrScale: HDR_SCALE });
    const header = streamed[0] as Extract<TimeseriesLine, { kind: 'header' }>;
    expect(header.metrics.queue_depth).toEqual({ type: 'gauge', contains: 'default' });
    expect(header.metrics.http_req_duration).toEqual({ type: 'trend', contains: 'time' });
    const first = streamed.slice(1);
    expect(first).toHaveLength(5);
    const t0 = T / 1000;
    const trend = first.find((l) => l.kind === 'trend' && l.tags.status === '200') as Extract<TimeseriesLine, { kind: 'trend' }>;
    expect(trend).toMatchObject({ t: t0, metric: 'http_req_duration', count: 2, sum: 30.75, min: 10.5, max: 20.25 });
    const h = decodeHistogram(trend.hdr);
    expect(h.totalCount).toBe(2);
    expect(h.maxValue).toBeGreaterThanOrEqual(20250);
    expect(first.find((l) => l.kind === 'counter')).toMatchObject({ t: t0, metric: 'http_reqs', value: 2, tags: a });
    expect(first.find((l) => l.kind === 'rate')).toMatchObject({ t: t0, passes: 1, fails: 1 });
    // The gauge's value is the sample with the latest time, not the last to arrive.
    expect(first.find((l) => l.kind === 'gauge')).toMatchObject({ t: t0, value: 3, min: 3, max: 9 });
    await out.close();
    const all = read(path);
    expect(all).toHaveLength(7);
    expect(all[6]).toMatchObject({ kind: 'counter', t: t0 + 1, value: 1 });
  });

  it('per-second histograms add up exactly to the whole-run histogram', async () => {
    const path = join(dir, 'merge.ndjson');
    const out = new TimeseriesOutput(path, new MetricsEngine({ thresholds: {} }), { startedAt: T, now: () => T });
    const whole = createTrendHistogram();
    for (let i = 0; i < 5000; i++) {
      const v = (i * 7919) % 3000 / 3;
      out.write([{ metric: 'iteration_duration', time: T + i * 2, value: v, tags: { scenario: 's' } }]);
      whole.recordValue(Math.round(v * HDR_SCALE));
    }
    await out.close();
    const lines = read(path).filter((l) => l.kind === 'trend') as Array<Extract<TimeseriesLine, { kind: 'trend' }>>;
    expect(lines).toHaveLength(10);
    const merged = createTrendHistogram();
    for (const l of lines) merged.add(decodeHistogram(l.hdr));
    // The table of value/percentile/count rows is the histogram's content; the "#[…]" footer also shows
    // the array size (auto-resize history) and a max that a decoded histogram rounds to its bucket.
    const dist = (h: ReturnType<typeof createTrendHistogram>) => h.outputPercentileDistribution().split('\n').filter((l) => !l.startsWith('#'));
    expect(dist(merged)).toEqual(dist(whole));
    expect(lines.reduce((n, l) => n + l.count, 0)).toBe(5000);
  });
});
