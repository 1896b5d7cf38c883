import { fileURLToPath } from 'node:url';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../analysis/result/types.ts';
import { resultProblems } from '../../analysis/result/result-file.ts';
import { runCli } from './cli-harness.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/k6', import.meta.url));
const files = readdirSync(FIXTURES).filter((f) => /\.(json|ndjson|csv)$/.test(f));
const tmp = mkdtempSync(join(tmpdir(), 'verdict-ingest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function ingest(inputs: string[], extra: string[] = []): Promise<RunResult> {
  const out = mkdtempSync(join(tmp, 'run-'));
  const r = await runCli(['ingest', ...inputs, '--out', out, ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
}

/** The pass/fail flags k6 itself wrote, read independently of the ingest code (polarity per format). */
function k6Flags(file: string): Map<string, boolean> {
  const doc = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
  const flags = new Map<string, boolean>();
  for (const [key, m] of Object.entries<any>(doc.metrics ?? {})) {
    for (const [src, v] of Object.entries<any>(m.thresholds ?? {})) {
      // handleSummary: {ok: true} = passed; legacy --summary-export: true = FAILED.
      flags.set(`${key} ${src}`, typeof v === 'boolean' ? !v : v.ok);
    }
  }
  return flags;
}

describe('ingest of every k6 fixture', () => {
  it.each(files)('%s ingests into a valid result', async (file) => {
    const result = await ingest([join(FIXTURES, file)]);
    expect(resultProblems(result)).toEqual([]);
    expect(Object.keys(result.metrics).length).toBeGreaterThan(0);
  });

  it.each(files.filter((f) => f.startsWith('handleSummary') || f.startsWith('summary-export')))('%s: threshold results equal the ok flags k6 wrote', async (file) => {
    const result = await ingest([join(FIXTURES, file)]);
    const ours = new Map(result.thresholds.map((t) => [`${t.key} ${t.source}`, t.ok]));
    expect(ours).toEqual(k6Flags(file));
    expect(result.thresholds.every((t) => t.evaluatedBy === 'k6')).toBe(true);
  });

  it('reads the legacy export inversion and the pre-v0.30 Rate value bug', async () => {
    const r = await ingest([join(FIXTURES, 'summary-export-legacy-real-k6v0.29-era-k6-html-reporter-dev.json')]);
    expect(r.thresholds.find((t) => t.source === 'rate>0.90')!.ok).toBe(true);
    expect(r.thresholds.find((t) => t.source === 'p(90) < 400')!.ok).toBe(false);
    expect(r.metrics.checks!.values.rate).toBe(1);
    expect(r.metrics.checks!.type).toBe('rate');
  });

  it('evaluates NDJSON Metric-line thresholds over the samples', async () => {
    const learn = await ingest([join(FIXTURES, 'out-json-k6learn-2022-sample.ndjson')]);
    // one http_req_duration sample of 118.96 ms against p(95)<=100
    expect(learn.thresholds).toEqual([{ key: 'http_req_duration', source: 'p(95)<=100', ok: false, observed: expect.closeTo(118.96, 0) as unknown as number, evaluatedBy: 'aetheris-bench', origin: 'k6-ndjson' }]);
    const docs = await ingest([join(FIXTURES, 'out-json-k6docs-2017-sample.ndjson')]);
    expect(docs.thresholds.map((t) => [t.source, t.ok])).toEqual([['avg<1000', true]]);
    // k6 test vector: a gauge with rate/p(99) thresholds, which k6 refuses (exit 104): failed with a reason.
    const vec = await ingest([join(FIXTURES, 'out-json-k6testdata-v2.2.ndjson')]);
    expect(vec.thresholds.every((t) => !t.ok && /not supported for gauge/.test(t.error ?? ''))).toBe(true);
    expect(vec.metrics['my_metric2']!.values.count).toBe(8);
  });

  it('matches the real k6 v0.46 run: counts, exact min/max, percentiles within HDR precision', async () => {
    const r = await ingest([join(FIXTURES, 'out-json-real-k6v0.46.0-xk6-dashboard-result.ndjson')]);
    const lines = readFileSync(join(FIXTURES, 'out-json-real-k6v0.46.0-xk6-dashboard-result.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const durations = lines.filter((l) => l.type === 'Point' && l.metric === 'http_req_duration').map((l) => l.data.value as number).sort((a, b) => a - b);
    const d = r.metrics.http_req_duration!.values;
    expect(d.count).toBe(durations.length);
    expect(d.min).toBe(durations[0]);
    expect(d.max).toBe(durations.at(-1));
    const i = 0.95 * (durations.length - 1);
    const exactP95 = durations[Math.floor(i)]! + (durations[Math.ceil(i)]! - durations[Math.floor(i)]!) * (i - Math.floor(i));
    // HDR keeps 3 significant digits: ≤ 0.1 % relative error, plus the interpolation k6 does between neighbours.
    expect(Math.abs(d['p(95)']! - exactP95) / exactP95).toBeLessThan(0.005);
    expect(r.metrics['http_req_duration{expected_response:true}']!.values.count).toBe(durations.length);
    expect(r.series.length).toBeGreaterThan(0);
    expect(r.window!.end - r.window!.start).toBeGreaterThan(19_000);
  });

  it('parses CSV by header: 18 columns, extra_tags, unix seconds; rfc3339; gzip by content', async () => {
    const learn = await ingest([join(FIXTURES, 'out-csv-k6learn-2022-sample.csv')]);
    expect(learn.metrics.http_req_duration!.type).toBe('trend');
    expect(learn.metrics.http_reqs!.type).toBe('counter');
    const ts = learn.tagSets.find((t) => t.metric === 'http_reqs')!;
    expect(ts.tags).toMatchObject({ method: 'POST', status: '200', expected_response: 'true', tls_version: 'tls1.2' });
    expect(ts.tags.check).toBeUndefined();
    const rfc = await ingest([join(FIXTURES, 'out-csv-k6testdata-v2.2-case3-rfc3339-UTC.csv')], ['--metric-type', 'my_metric=counter']);
    expect(rfc.metrics.my_metric).toMatchObject({ type: 'counter', values: { count: 2 } });
    expect(rfc.window!.start).toBe(Date.parse('2019-07-05T11:04:04Z'));
    expect(rfc.tagSets.map((t) => t.tags).sort((a, b) => Object.keys(a).length - Object.keys(b).length)).toEqual([
      { check: 'val1', error: 'val3', url: 'val2' },
      { check: 'val1', error: 'val3', name: 'val4', url: 'val2' },
    ]);
    const gz = join(tmp, 'renamed-without-extension');
    writeFileSync(gz, gzipSync(readFileSync(join(FIXTURES, 'out-csv-k6learn-2022-sample.csv'))));
    const fromGz = await ingest([gz]);
    const strip = (r: RunResult) => Object.fromEntries(Object.entries(r.metrics).map(([k, { provenance: _p, ...v }]) => [k, v]));
    expect(strip(fromGz)).toEqual(strip(learn));
  });

  it('merges several summaries and names what cannot be merged', async () => {
    const a = join(FIXTURES, 'handleSummary-k6testdata-v2.2.json');
    const r = await ingest([a, join(FIXTURES, 'handleSummary-k6testdata-v2.2-with-setup_data.json')]);
    expect(r.metrics.http_reqs!.values.count).toBe(6);
    expect(r.metrics.checks!.values).toEqual({ passes: 90, fails: 30, rate: 0.75 });
    expect(r.metrics.my_trend!.values).toEqual({ min: 10, max: 20, count: 6, avg: 15 });
    expect(r.metrics.my_trend!.unmergeable).toEqual(['med', 'p(90)', 'p(95)', 'p(99)']);
    expect(r.notes.some((n) => n.includes('not mergeable') && n.includes('my_trend p(95)'))).toBe(true);
    expect(r.source.runners).toBe(2);
  });
});
