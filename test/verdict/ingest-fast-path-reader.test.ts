// Ingest through the fast path must equal ingest through JSON.parse, across block and gzip chunk boundaries.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestFiles } from '../../analysis/ingest/ingest-files.ts';
import { forEachTextBlock } from '../../analysis/ingest/text-blocks.ts';
import type { RunResult } from '../../analysis/result/types.ts';

const tmp = mkdtempSync(join(tmpdir(), 'verdict-fast-path-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * A deterministic pseudo-random k6 run: several metrics, tag sets (some non-ASCII, some null), odd values.
 * As k6 writes one time per request for several metrics, two lines in three repeat the previous
 * line's time text (the reader's time hint hits), and there are more distinct tag texts than the
 * reader keeps as hints (TAG_HINTS), so hints are evicted and promoted all the time.
 */
function k6Lines(points: number): string[] {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const lines = [
    '{"type":"Metric","data":{"name":"http_req_duration","type":"trend","contains":"time","thresholds":["p(95)<300"],"submetrics":[{"name":"http_req_duration{expected_response:true}","suffix":"expected_response:true","tags":{"expected_response":"true"}}]},"metric":"http_req_duration"}',
    '{"type":"Metric","data":{"name":"http_reqs","type":"counter","contains":"default","thresholds":[],"submetrics":null},"metric":"http_reqs"}',
    '{"type":"Metric","data":{"name":"checks","type":"rate","contains":"default","thresholds":["rate>0.5"],"submetrics":null},"metric":"checks"}',
    '{"type":"Metric","data":{"name":"vus","type":"gauge","contains":"default","thresholds":[],"submetrics":null},"metric":"vus"}',
  ];
  const tagSets = [
    { expected_response: 'true', method: 'GET', name: 'https://example.test/é/日本', status: '200' },
    { expected_response: 'false', method: 'POST', name: 'https://example.test/q?a="b"', status: '503' },
    { check: 'status is 200 ✓', group: '::login' },
    null,
    { expected_response: 'true', method: 'GET', name: 'https://example.test/é/日本', status: '304' },
    { check: 'body has token', group: '::login::token' },
    { group: '' },
    { expected_response: 'true', method: 'PUT', name: 'put item', status: '201', scenario: 'writers' },
  ];
  const t0 = Date.parse('2023-09-08T19:03:10Z');
  let time = '';
  for (let i = 0; i < points; i++) {
    const metric = ['http_req_duration', 'http_reqs', 'checks', 'vus', 'custom_trend'][Math.floor(rnd() * 5)]!;
    const ms = t0 + i * 37 + Math.floor(rnd() * 30);
    if (i % 3 === 0) time = `${new Date(ms + 2 * 3_600_000).toISOString().slice(0, 19)}.${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}+02:00`;
    const value = metric === 'checks' ? Math.floor(rnd() * 2) : metric === 'vus' ? Math.floor(rnd() * 50) : [rnd() * 500, rnd() * 1e6, 1e-7 * rnd(), Math.floor(rnd() * 10)][i % 4]!;
    const tags = tagSets[Math.floor(rnd() * tagSets.length)];
    const order = i % 7 === 0;
    const data = { time, value, tags };
    lines.push(order ? JSON.stringify({ type: 'Point', data, metric }) : JSON.stringify({ metric, type: 'Point', data }));
  }
  return lines;
}

/** The measured content of a result (what must not depend on how lines were parsed). */
function measured(r: RunResult) {
  return { metrics: r.metrics, thresholds: r.thresholds, window: r.window, tagSets: r.tagSets, series: r.series, samples: r.source.files.map((f) => f.lines) };
}

function withoutPaths(r: RunResult) {
  const m = measured(r);
  return JSON.parse(JSON.stringify(m).replaceAll(/"sources":\[[^\]]*\]/g, '"sources":[]'));
}

describe('NDJSON reader: fast path against the JSON.parse path', () => {
  // ~28,000 lines ≈ 5 MiB: more than one 4 MiB read block, and hundreds of gzip chunks.
  const lines = k6Lines(28_000);
  const write = (name: string, content: string | Buffer) => {
    const p = join(tmp, name);
    writeFileSync(p, content);
    return p;
  };
  const fast = write('fast.ndjson', `${lines.join('\n')}\n`);
  // A space after the opening brace is valid JSON the scanner declines: every Point goes through JSON.parse.
  const slow = write('slow.ndjson', `${lines.map((l) => `{ ${l.slice(1)}`).join('\n')}\n`);

  it('gives the same result, sample for sample', async () => {
    expect(readFileSync(fast).length).toBeGreaterThan(4 << 20);
    const a = await ingestFiles([fast], { runId: 'r' });
    const b = await ingestFiles([slow], { runId: 'r' });
    expect(a.source.files[0]!.lines).toBe(lines.length);
    expect(a.metrics.http_req_duration!.values.count).toBeGreaterThan(0);
    expect(withoutPaths(a)).toEqual(withoutPaths(b));
  });

  it('gzip, CRLF and a cut-off last line read the same as the plain file', async () => {
    const plain = withoutPaths(await ingestFiles([fast], { runId: 'r' }));
    const gz = write('fast.ndjson.gz', gzipSync(readFileSync(fast)));
    expect(withoutPaths(await ingestFiles([gz], { runId: 'r' }))).toEqual(plain);
    const crlf = write('crlf.ndjson', `${lines.join('\r\n')}\r\n`);
    expect(withoutPaths(await ingestFiles([crlf], { runId: 'r' }))).toEqual(plain);
    const cut = write('cut.ndjson', `${lines.join('\n')}\n${lines[lines.length - 1]!.slice(0, 40)}`);
    const r = await ingestFiles([cut], { runId: 'r' });
    expect(r.source.truncated).toBe(true);
    expect(r.notes.some((n) => n.includes(`${cut}:${lines.length + 1}: last line cut off`))).toBe(true);
    expect({ ...withoutPaths(r), samples: plain.samples }).toEqual(plain);
  });

  it('a malformed line still names its line and column', async () => {
    const bad = [...lines];
    bad[12_345] = bad[12_345]!.replace('"value":', '"value":+');
    const p = write('bad.ndjson', `${bad.join('\n')}\n`);
    await expect(ingestFiles([p], { runId: 'r' })).rejects.toThrow(new RegExp(`^${p}:12346:\\d+: `));
  });
});

describe('text blocks', () => {
  it('hand back the file exactly, in whole lines, multi-byte characters intact across reads', async () => {
    const line = 'ascii and é 日本 𝄞 mixed\n';
    const text = line.repeat(Math.ceil((9 << 20) / Buffer.byteLength(line))) + 'tail without newline 𝄞';
    for (const p of [write('blocks.txt', text), write('blocks.txt.gz', gzipSync(text))]) {
      const parts: string[] = [];
      const flags: boolean[] = [];
      await forEachTextBlock(p, (t, unterminated) => {
        parts.push(t);
        flags.push(unterminated);
      });
      expect(parts.length).toBeGreaterThan(2);
      expect(parts.join('')).toBe(text);
      expect(parts.slice(0, -1).every((t) => t.endsWith('\n'))).toBe(true);
      expect(flags).toEqual([...flags.slice(0, -1).map(() => false), true]);
    }
  });

  function write(name: string, content: string | Buffer): string {
    const p = join(tmp, name);
    writeFileSync(p, content);
    return p;
  }
});
