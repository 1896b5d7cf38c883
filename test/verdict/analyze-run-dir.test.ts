import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createTrendHistogram, encodeHistogram, toHdrValue } from '../../analysis/hdr-codec.ts';
import type { RunResult } from '../../analysis/result/types.ts';
import { resultProblems } from '../../analysis/result/result-file.ts';
import { runCli } from './cli-harness.ts';
import { SIM_FINGERPRINT } from './simulated-result.ts';

const T0 = 1_800_000_000;

/** Engine-style time-series lines (analysis/timeseries-line.ts) for `seconds` seconds of a POST endpoint. */
function timeseries(seconds: number): string[] {
  const lines = [JSON.stringify({ kind: 'header', format: 'aetheris-bench/timeseries@1', startedAt: T0 * 1000, source: 'engine', hdrScale: 1000, metrics: { http_req_duration: { type: 'trend', contains: 'time' }, http_reqs: { type: 'counter', contains: 'default' }, job_completion: { type: 'rate', contains: 'default' } } })];
  const tags = { endpoint: 'post_message', method: 'POST' };
  for (let s = 0; s < seconds; s++) {
    const h = createTrendHistogram();
    const values = [40, 50, 60, 70, 400 + s];
    for (const v of values) h.recordValue(toHdrValue(v));
    lines.push(JSON.stringify({ kind: 'trend', t: T0 + s, metric: 'http_req_duration', tags, count: values.length, sum: values.reduce((a, b) => a + b, 0), min: 40, max: 400 + s, hdr: encodeHistogram(h) }));
    lines.push(JSON.stringify({ kind: 'counter', t: T0 + s, metric: 'http_reqs', tags, value: values.length }));
    lines.push(JSON.stringify({ kind: 'rate', t: T0 + s, metric: 'job_completion', tags: {}, passes: 9, fails: s === 0 ? 1 : 0 }));
  }
  return lines;
}

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function runDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-run-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const manifest = JSON.stringify({ runId: '20261127-040000-release', profile: 'release', gitSha: 'abc123', fingerprint: SIM_FINGERPRINT });

async function analyze(dir: string): Promise<RunResult> {
  const r = await runCli(['analyze', dir]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as RunResult;
  expect(resultProblems(result)).toEqual([]);
  return result;
}

describe('analyze RUN_DIR', () => {
  it('a run killed half way: cut last line skipped, profile thresholds from the table evaluated over the series', async () => {
    const lines = timeseries(20);
    const cut = `${lines.join('\n')}\n${lines[1]!.slice(0, 40)}`;
    const result = await analyze(runDir({ 'manifest.json': manifest, 'timeseries.ndjson': cut }));
    expect(result.source.truncated).toBe(true);
    expect(result.runId).toBe('20261127-040000-release');
    expect(result.fingerprint!.hash).toBe(SIM_FINGERPRINT.hash);
    expect(result.metrics['http_req_duration{endpoint:post_message}']!.values.count).toBe(100);
    expect(result.metrics.job_completion!.values).toEqual({ rate: 180 / 181, passes: 180, fails: 1 });
    const p95 = result.thresholds.find((t) => t.key === 'http_req_duration{endpoint:post_message}')!;
    expect(p95).toMatchObject({ source: 'p(95)<=500', ok: true, origin: 'threshold-table', evaluatedBy: 'aetheris-bench' });
    expect(result.thresholds.find((t) => t.key === 'job_completion')).toMatchObject({ ok: true });
    // tenant_isolation_violations was never emitted: k6 would refuse the undefined metric, so it fails.
    expect(result.thresholds.find((t) => t.key === 'tenant_isolation_violations')).toMatchObject({ ok: false });
    expect(result.notes.some((n) => n.includes('last line cut off'))).toBe(true);
    expect(result.series.find((s) => s.metric === 'http_req_duration')!.points).toHaveLength(20);
    expect(result.growth.status).toBe('no-samples');
  });

  it('with summary.json, samples.csv and audit.json: engine thresholds, growth verdicts, loss audit as a drill', async () => {
    const summary = JSON.stringify({
      root_group: { name: '', path: '', id: 'x', groups: [], checks: [{ name: 'accepted', path: '::accepted', id: 'y', passes: 99, fails: 1 }] },
      options: { summaryTrendStats: ['avg', 'p(95)'], summaryTimeUnit: '', noColor: false },
      state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 20000 },
      metrics: { 'http_req_duration{endpoint:post_message}': { type: 'trend', contains: 'time', values: { avg: 1, 'p(95)': 410 }, thresholds: { 'p(95)<=500': { ok: true } } } },
    });
    let samples = 'ts,elapsed_s,relation,total_bytes,table_bytes,index_bytes,toast_bytes,live_rows,dead_rows\n';
    for (let i = 0; i < 30; i++) samples += `2026-01-01T00:00:${String(i).padStart(2, '0')}Z,${i},jobs,${8192 * (10 + i * 3)},${8192 * (8 + i * 2)},${8192 * (2 + i)},0,${i * 100},0\n`;
    const audit = JSON.stringify({ accepted: 10, found: 9, lost: { count: 1, ids: ['j1'], truncated: false }, stuck: { count: 0, ids: [], truncated: false } });
    const dir = runDir({ 'manifest.json': manifest, 'summary.json': summary, 'timeseries.ndjson': `${timeseries(10).join('\n')}\n`, 'samples.csv': samples, 'audit.json': audit });
    const result = await analyze(dir);
    expect(result.thresholds).toEqual([{ key: 'http_req_duration{endpoint:post_message}', source: 'p(95)<=500', ok: true, observed: 410, evaluatedBy: 'k6', origin: 'engine' }]);
    expect(result.checks).toEqual([{ name: 'accepted', path: '::accepted', passes: 99, fails: 1 }]);
    expect(result.durationMs).toBe(20000);
    // Values come from the exact per-second histograms, not from the summary's rounded statistics.
    expect(result.metrics['http_req_duration{endpoint:post_message}']!.values.count).toBe(50);
    expect(result.growth.status).toBe('computed');
    expect(result.growth.relations[0]).toMatchObject({ relation: 'jobs', verdict: 'unbounded', model: 'linear' });
    expect(result.growth.relations[0]!.contract).toMatchObject({ status: 'breach' });
    expect(result.drills).toEqual([expect.objectContaining({ name: 'loss-audit', status: 'fail', reason: '1 lost, 0 stuck of 10 accepted' })]);
  });

  it("takes the engine's generator self-measurements from summary.json (saturated or not)", async () => {
    const base = { root_group: { name: '', path: '', id: 'x', groups: [], checks: [] }, options: { summaryTrendStats: ['avg'], summaryTimeUnit: '', noColor: false }, state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 10000 }, metrics: {} };
    const generator = { schedule_lag_p99_ms: 73.5, max_event_loop_utilization: 0.4, limits: { schedule_lag_p99_ms: 50, event_loop_utilization: 0.95 }, generator_saturated: true, reasons: ['worker 0: schedule lag p99 73.5 ms > 50 ms'] };
    const saturated = await analyze(runDir({ 'manifest.json': manifest, 'summary.json': JSON.stringify({ ...base, generator }), 'timeseries.ndjson': `${timeseries(5).join('\n')}\n` }));
    expect(saturated.generator).toMatchObject({ saturated: true, maxSchedulingLagMs: 73.5, notes: ['worker 0: schedule lag p99 73.5 ms > 50 ms'] });
    const fine = await analyze(runDir({ 'manifest.json': manifest, 'summary.json': JSON.stringify({ ...base, generator: { ...generator, generator_saturated: false, reasons: [] } }), 'timeseries.ndjson': `${timeseries(5).join('\n')}\n` }));
    expect(fine.generator?.saturated).toBe(false);
    expect(fine.generator?.notes).toEqual(['schedule lag and event-loop use stayed within their limits']);
    const dropped = await analyze(runDir({ 'manifest.json': manifest, 'summary.json': JSON.stringify({ ...base, generator: { ...generator, generator_saturated: false, reasons: [], dropped_iterations: { total: 12, late: 1 } } }), 'timeseries.ndjson': `${timeseries(5).join('\n')}\n` }));
    expect(dropped.generator?.notes).toEqual(['schedule lag and event-loop use stayed within their limits; 12 arrival-rate iteration(s) dropped, 1 of them while a worker ran behind schedule (within the limit)']);
    const k6 = await analyze(runDir({ 'manifest.json': manifest, 'summary.json': JSON.stringify(base), 'timeseries.ndjson': `${timeseries(5).join('\n')}\n` }));
    expect(k6.generator?.saturated).toBeNull();
  });

  it('a malformed line in the middle: exit 2, one line file:line:column, result.json untouched', async () => {
    const lines = timeseries(5);
    lines[3] = '{"kind":"trend",,}';
    const dir = runDir({ 'manifest.json': manifest, 'timeseries.ndjson': `${lines.join('\n')}\n`, 'result.json': 'previous' });
    const r = await runCli(['analyze', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`aetheris-bench: ${join(dir, 'timeseries.ndjson')}:4:17: not a JSON object\n`);
    expect(readFileSync(join(dir, 'result.json'), 'utf8')).toBe('previous');
  });

  it('real k6 output gzipped and cut off mid-stream (killed run): what was written is analysed', async () => {
    const ndjson = readFileSync(fileURLToPath(new URL('../fixtures/k6/out-json-real-k6v0.46.0-xk6-dashboard-result.ndjson', import.meta.url)));
    const gz = gzipSync(ndjson);
    const dir = runDir({ 'manifest.json': manifest });
    writeFileSync(join(dir, 'metrics.ndjson.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    const result = await analyze(dir);
    expect(result.source.truncated).toBe(true);
    const count = result.metrics.http_req_duration!.values.count!;
    expect(count).toBeGreaterThan(10);
    expect(count).toBeLessThan(322);
  });

  it('corrupt gzip data: exit 2, one line naming the file', async () => {
    const gz = gzipSync(Buffer.from('{"type":"Point"}\n'.repeat(1000)));
    gz.fill(0x41, 20, 60);
    const dir = runDir({ 'manifest.json': manifest });
    writeFileSync(join(dir, 'metrics.ndjson.gz'), gz);
    const r = await runCli(['analyze', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^aetheris-bench: ${join(dir, 'metrics.ndjson.gz')}: corrupt gzip data \\(Z_[A-Z_]+\\)\n$`));
  });

  it('an empty directory: exit 2 and nothing written', async () => {
    const dir = runDir({});
    const r = await runCli(['analyze', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'result.json'))).toBe(false);
  });
});
