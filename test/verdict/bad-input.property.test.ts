import { fileURLToPath } from 'node:url';
/**
 * Property-based bad-input tests: damaged k6 files, results, baselines and threshold tables must each
 * give exit 2 and exactly one line on stderr naming the file, and must never overwrite an output.
 */
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.ts';
import { simulatedResult } from './simulated-result.ts';

const FIX = fileURLToPath(new URL('../fixtures/k6', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'verdict-bad-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const NDJSON = readFileSync(join(FIX, 'out-json-real-k6v0.46.0-xk6-dashboard-result.head300.ndjson'), 'utf8').trim().split('\n');
const CSV = readFileSync(join(FIX, 'out-csv-k6learn-2022-sample.csv'), 'utf8').trim().split('\n');
const SUMMARY = readFileSync(join(FIX, 'handleSummary-real-k6v1.3plus-k6-reporter-simple.json'), 'utf8');
const SENTINEL = 'previous result, must survive\n';
let n = 0;

/** Runs `argv` with an output dir holding a sentinel result.json; asserts exit 2, one line naming `file`, sentinel intact. */
async function expectRejected(argv: (out: string) => string[], file: string, where?: RegExp): Promise<void> {
  const out = join(tmp, `out-${n++}`);
  const { mkdirSync } = await import('node:fs');
  mkdirSync(out);
  writeFileSync(join(out, 'result.json'), SENTINEL);
  const r = await runCli(argv(out));
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(file);
  if (where) expect(lines[0]).toMatch(where);
  expect(readFileSync(join(out, 'result.json'), 'utf8')).toBe(SENTINEL);
}

function save(content: string | Buffer, ext = ''): string {
  const p = join(tmp, `input-${n++}${ext}`);
  writeFileSync(p, content);
  return p;
}

const garbageLine = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && !s.includes('\n') && !s.includes('\r'));

describe('bad input: exit 2, one line, nothing overwritten', () => {
  it('NDJSON with a line cut or replaced in the middle', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: NDJSON.length - 2 }), fc.oneof(garbageLine.map((g) => ({ garbage: g })), fc.nat().map((c) => ({ cut: c }))), async (at, damage) => {
        const lines = [...NDJSON];
        if ('garbage' in damage) lines[at] = damage.garbage;
        else lines[at] = lines[at]!.slice(0, damage.cut % (lines[at]!.length - 1));
        if (lines[at]!.trim() === '') return; // an empty line is legal NDJSON spacing
        const file = save(`${lines.join('\n')}\n`);
        await expectRejected((out) => ['ingest', file, '--out', out], file, new RegExp(`:${at + 1}:\\d+: `));
      }),
      { numRuns: 60 },
    );
  });

  it('CSV with a damaged row', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: CSV.length - 1 }), fc.constantFrom('cols', 'number', 'time', 'quote'), async (at, kind) => {
        const rows = [...CSV];
        const f = rows[at]!.split(',');
        if (kind === 'cols') f.pop();
        if (kind === 'number') f[2] = 'NaNish';
        if (kind === 'time') f[1] = 'yesterday';
        if (kind === 'quote') f[5] = '"unterminated';
        rows[at] = f.join(',');
        const file = save(`${rows.join('\n')}\n`);
        await expectRejected((out) => ['ingest', file, '--out', out], file, new RegExp(`:${at + 1}:\\d+: `));
      }),
      { numRuns: 30 },
    );
  });

  it('a summary cut short, or with a damaged metric', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: SUMMARY.length - 2 }), fc.boolean(), async (cut, damageMetric) => {
        let text = SUMMARY.slice(0, cut);
        if (damageMetric) {
          const doc = JSON.parse(SUMMARY);
          doc.metrics.http_req_duration.values['p(95)'] = 'fast';
          text = JSON.stringify(doc);
        } else if (!text.trimStart().startsWith('{')) return;
        const file = save(text);
        await expectRejected((out) => ['ingest', file, '--out', out], file);
      }),
      { numRuns: 40 },
    );
  });

  it('arbitrary bytes, gzip or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 200 }), async (bytes) => {
        const file = save(Buffer.from(bytes));
        const out = join(tmp, `out-${n++}`);
        const r = await runCli(['ingest', file, '--out', out]);
        if (r.code === 0) return; // random bytes that happen to be a valid k6 file: fine
        expect(r.code).toBe(2);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain(file);
      }),
      { numRuns: 60 },
    );
  });

  it('damaged threshold tables given to ingest --profile', async () => {
    const table = JSON.parse(readFileSync(new URL('../../baselines/thresholds.json', import.meta.url), 'utf8'));
    const good = join(FIX, 'out-json-k6learn-2022-sample.ndjson');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('expr', 'margin', 'key', 'version', 'syntax'), fc.string({ maxLength: 8 }), async (kind, junk) => {
        const t = JSON.parse(JSON.stringify(table));
        if (kind === 'expr') t.defaults.jobs_completed.thresholds = [`rate>=${junk}x`];
        if (kind === 'margin') t.defaults.job_completion.compare.margin = `${junk}`;
        if (kind === 'key') t.defaults[`bad key ${junk}`] = { thresholds: [], description: 'x' };
        if (kind === 'version') t.version = junk;
        const file = save(kind === 'syntax' ? JSON.stringify(t).slice(0, 50) : JSON.stringify(t));
        await expectRejected((out) => ['ingest', good, '--out', out, '--profile', 'release', '--thresholds', file], file);
      }),
      { numRuns: 30 },
    );
  });

  it('damaged results and baselines given to diff and baseline promote', async () => {
    const result = simulatedResult(1, { seconds: 20, requestsPerSecond: 20, medianMs: 50 }, 'r1');
    const goodPath = save(JSON.stringify(result));
    const baselines = join(tmp, 'baselines');
    const promoted = await runCli(['baseline', 'promote', goodPath, '--profile', 'release', '--baselines', baselines]);
    expect(promoted.code).toBe(0);
    const stored = readFileSync(join(baselines, 'release.json'), 'utf8');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('schema', 'metrics', 'series', 'values', 'cut', 'array'), async (kind) => {
        const r = JSON.parse(JSON.stringify(result));
        if (kind === 'schema') r.schema = 'aetheris-bench/result@0';
        if (kind === 'metrics') r.metrics = [];
        if (kind === 'series') r.series = [{ metric: 1 }];
        if (kind === 'values') r.metrics.http_reqs.values.count = 'many';
        const text = kind === 'cut' ? JSON.stringify(r).slice(0, 100) : kind === 'array' ? '[]' : JSON.stringify(r);
        const bad = save(text);
        for (const argv of [['diff', bad, goodPath], ['diff', goodPath, bad], ['baseline', 'promote', bad, '--profile', 'release', '--baselines', baselines, '--force']]) {
          const out = await runCli(argv);
          expect(out.code).toBe(2);
          expect(out.stderr.trim().split('\n')).toHaveLength(1);
          expect(out.stderr).toContain(bad);
        }
        // A damaged stored baseline is reported as such, and left as it is.
        const damagedBaseline = join(tmp, `baselines-${n++}`);
        const { mkdirSync } = await import('node:fs');
        mkdirSync(damagedBaseline);
        writeFileSync(join(damagedBaseline, 'release.json'), text);
        const p = await runCli(['baseline', 'promote', goodPath, '--profile', 'release', '--baselines', damagedBaseline]);
        expect(p.code).toBe(2);
        expect(readFileSync(join(damagedBaseline, 'release.json'), 'utf8')).toBe(text);
        expect(readFileSync(join(baselines, 'release.json'), 'utf8')).toBe(stored);
      }),
      { numRuns: 12 },
    );
  });

  it('bad flags: one line, exit 2', async () => {
    for (const argv of [['ingest'], ['ingest', 'x.json'], ['ingest', join(FIX, 'out-csv-k6learn-2022-sample.csv'), '--out', tmp, '--metric-type', 'x=histogram'], ['diff', 'a'], ['diff', 'a', 'b', '--format', 'xml'], ['diff', 'a', 'b', '--window', '2.5s'], ['baseline', 'promote', 'x', '--profile', 'Bad Name'], ['baseline', 'demote'], ['analyze']]) {
      const r = await runCli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
