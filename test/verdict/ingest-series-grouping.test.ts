// Ingest groups per-second series as the engine does (url left out when a different `name` is set),
// unless a threshold filters on url; whole-run tag sets and metrics keep the full tags either way.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTrendHistogram, decodeHistogram, encodeHistogram } from '../../analysis/hdr-codec.ts';
import { ingestFiles } from '../../analysis/ingest/ingest-files.ts';
import type { ResultSeries, RunResult } from '../../analysis/result/types.ts';
import type { ProfileThresholds } from '../../analysis/threshold-table.ts';

const tmp = mkdtempSync(join(tmpdir(), 'verdict-grouping-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const metricLine = (thresholds: string[]) =>
  JSON.stringify({ type: 'Metric', data: { name: 'http_req_duration', type: 'trend', contains: 'time', thresholds, submetrics: null }, metric: 'http_req_duration' });
const point = (sec: number, value: number, tags: Record<string, string>, metric = 'http_req_duration') =>
  JSON.stringify({ metric, type: 'Point', data: { time: `2024-05-01T10:00:${String(sec).padStart(2, '0')}.250Z`, value, tags } });

/** Requests to /jobs/1…/jobs/6 under one name, over 4 seconds; values are multiples of 1/4, so sums are exact in any order. */
function requests(withUrl: boolean, withCounter = false): string[] {
  const out: string[] = [];
  for (let i = 0; i < 48; i++) {
    const tags: Record<string, string> = { method: 'GET', name: '/jobs/${id}', status: '200' };
    if (withUrl) tags.url = `/jobs/${i % 6}`;
    out.push(point(i % 4, 10 + ((i * 37) % 50) / 4, tags));
    if (withCounter) out.push(point(i % 4, 1 + (i % 3), tags, 'http_reqs'));
  }
  return out;
}

async function ingest(name: string, lines: string[]): Promise<RunResult> {
  const path = join(tmp, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return ingestFiles([path], { runId: name });
}

/** Series content with histograms in canonical encoding (the merged seconds are encoded by hdr-histogram-js). */
function canonical(series: ResultSeries[]): unknown {
  return series.map((s) => ({
    ...s,
    points: s.points.map((p) => {
      if (!('hdr' in p)) return p;
      const h = createTrendHistogram();
      h.add(decodeHistogram(p.hdr));
      return { ...p, hdr: encodeHistogram(h) };
    }),
  }));
}

describe('per-second url grouping in ingest', () => {
  it('drops url from the series when name differs, merging its seconds exactly; tag sets keep url', async () => {
    const grouped = await ingest('grouped.ndjson', [metricLine([]), ...requests(true)]);
    const oracle = await ingest('no-url.ndjson', [metricLine([]), ...requests(false)]);
    expect(grouped.series).toHaveLength(1);
    expect(grouped.series[0]!.tags).toEqual({ method: 'GET', name: '/jobs/${id}', status: '200' });
    expect(canonical(grouped.series)).toEqual(canonical(oracle.series));
    expect(grouped.tagSets.map((t) => t.tags.url).sort()).toEqual(['/jobs/0', '/jobs/1', '/jobs/2', '/jobs/3', '/jobs/4', '/jobs/5']);
    expect(grouped.metrics.http_req_duration!.values).toEqual(oracle.metrics.http_req_duration!.values);
  });

  it('merges the seconds of a counter the same way (every kind goes through the one per-second merge)', async () => {
    const counter = JSON.stringify({ type: 'Metric', data: { name: 'http_reqs', type: 'counter', contains: 'default', thresholds: [], submetrics: null }, metric: 'http_reqs' });
    const grouped = await ingest('grouped-counter.ndjson', [metricLine([]), counter, ...requests(true, true)]);
    const oracle = await ingest('no-url-counter.ndjson', [metricLine([]), counter, ...requests(false, true)]);
    expect(grouped.series.map((s) => s.metric)).toEqual(['http_req_duration', 'http_reqs']);
    expect(canonical(grouped.series)).toEqual(canonical(oracle.series));
    expect(grouped.series[1]!.points.map((p) => ('value' in p ? p.value : null))).toEqual([24, 24, 24, 24]);
  });

  it('keeps url in the series of a metric that a threshold filters on url (threshold still evaluated on full tags)', async () => {
    const path = join(tmp, 'url-threshold.ndjson');
    writeFileSync(path, `${[metricLine([]), ...requests(true)].join('\n')}\n`);
    const table: ProfileThresholds = { profile: 'p', thresholds: { 'http_req_duration{url:/jobs/1}': ['p(95)<100'] }, compare: [], entries: {} };
    const r = await ingestFiles([path], { runId: 'x', table });
    expect(r.series).toHaveLength(6);
    expect(r.series.map((s) => s.tags.url)).toEqual(['/jobs/0', '/jobs/1', '/jobs/2', '/jobs/3', '/jobs/4', '/jobs/5']);
    expect(r.thresholds).toHaveLength(1);
    expect(r.thresholds[0]).toMatchObject({ key: 'http_req_duration{url:/jobs/1}', ok: true });
    expect(r.metrics['http_req_duration{url:/jobs/1}']!.values.count).toBe(8);
  });

  it('keeps url when it equals name (nothing to group)', async () => {
    const lines = [metricLine([]), point(0, 1, { name: '/a', url: '/a' }), point(0, 2, { name: '/b', url: '/b' })];
    const r = await ingest('same.ndjson', lines);
    expect(r.series.map((s) => s.tags.url)).toEqual(['/a', '/b']);
  });
});
