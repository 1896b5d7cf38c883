import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../analysis/result/types.ts';
import { createTrendHistogram, decodeHistogram, encodeHistogram } from '../../analysis/hdr-codec.ts';
import { runCli } from './cli-harness.ts';

const WHOLE = fileURLToPath(new URL('../fixtures/k6/out-json-real-k6v0.46.0-xk6-dashboard-result.ndjson', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'verdict-merge-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function ingest(inputs: string[]): Promise<RunResult> {
  const out = mkdtempSync(join(tmp, 'run-'));
  const r = await runCli(['ingest', ...inputs, '--out', out]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
}

/** A histogram's content in canonical encoding (the bytes of an encoding also depend on how the array grew). */
function canonicalHdr(encoded: string): string {
  const fresh = createTrendHistogram();
  fresh.add(decodeHistogram(encoded));
  return encodeHistogram(fresh);
}

/** Rounds every number to 12 significant digits (a sum over samples in another order differs in the last bits) and canonicalises histograms. */
function round12(value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith('HISTF')) return canonicalHdr(value);
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(12));
  if (Array.isArray(value)) return value.map(round12);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round12(v)]));
  return value;
}

/** The measurements, without what legitimately differs between the two ingests (file names, runner count). */
function measured(r: RunResult) {
  return round12({
    metrics: Object.fromEntries(Object.entries(r.metrics).map(([k, { provenance, ...v }]) => [k, { ...v, samples: provenance.samples, window: provenance.window }])),
    thresholds: r.thresholds,
    window: r.window,
    tagSets: r.tagSets,
    series: r.series,
  });
}

describe('several runners', () => {
  it('NDJSON split across two runner files merges to the same result as the whole file', async () => {
    // Give the real run thresholds on its Metric lines, as a script with options.thresholds would have.
    const lines = readFileSync(WHOLE, 'utf8').trim().split('\n').map((l) => {
      const o = JSON.parse(l);
      if (o.type === 'Metric' && o.data.name === 'http_req_duration') o.data.thresholds = ['p(95)<125', 'max<130', { threshold: 'avg<200', abortOnFail: true }];
      if (o.type === 'Metric' && o.data.name === 'http_req_failed') o.data.thresholds = ['rate<0.01'];
      return JSON.stringify(o);
    });
    const whole = join(tmp, 'whole.ndjson');
    writeFileSync(whole, `${lines.join('\n')}\n`);
    // Each runner writes every Metric line it uses; Point lines go to one runner or the other.
    const a: string[] = [];
    const b: string[] = [];
    let n = 0;
    for (const l of lines) {
      if (l.includes('"type":"Metric"')) {
        a.push(l);
        b.push(l);
      } else (n++ % 3 === 0 ? a : b).push(l);
    }
    const fa = join(tmp, 'runner-1.ndjson');
    const fb = join(tmp, 'runner-2.ndjson.gz');
    writeFileSync(fa, `${a.join('\n')}\n`);
    writeFileSync(fb, gzipSync(`${b.join('\n')}\n`));
    const one = await ingest([whole]);
    const two = await ingest([fa, fb]);
    expect(measured(two)).toEqual(measured(one));
    expect(two.source.runners).toBe(2);
    // Thresholds evaluated once over all samples: declared by both runners, present once.
    expect(two.thresholds.map((t) => `${t.key} ${t.source} ${t.ok}`)).toEqual([
      'http_req_duration p(95)<125 false',
      'http_req_duration max<130 true',
      'http_req_duration avg<200 true',
      'http_req_failed rate<0.01 true',
    ]);
    expect(two.thresholdsOk).toBe(false);
  });

  it('a runner whose own samples pass can still fail globally: thresholds are evaluated on merged data', async () => {
    const metric = '{"type":"Metric","data":{"name":"latency","type":"trend","contains":"time","thresholds":["p(50)<100"],"submetrics":null},"metric":"latency"}';
    const point = (v: number, s: number) => `{"metric":"latency","type":"Point","data":{"time":"2026-01-01T00:00:0${s}Z","value":${v},"tags":{"instance_id":"${v > 100 ? 2 : 1}"}}}`;
    const fast = join(tmp, 'fast.ndjson');
    const slow = join(tmp, 'slow.ndjson');
    writeFileSync(fast, [metric, point(10, 1), point(20, 2)].join('\n') + '\n');
    writeFileSync(slow, [metric, point(300, 1), point(400, 2), point(500, 3)].join('\n') + '\n');
    expect((await ingest([fast])).thresholdsOk).toBe(true);
    const merged = await ingest([fast, slow]);
    expect(merged.thresholds).toHaveLength(1);
    expect(merged.thresholds[0]!.ok).toBe(false);
    expect(merged.metrics.latency!.values.count).toBe(5);
  });
});
