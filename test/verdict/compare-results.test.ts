import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareResults } from '../../analysis/compare/compare-results.ts';
import { methodNote } from '../../analysis/compare/render-diff.ts';
import type { CompareSpec } from '../../analysis/threshold-table.ts';
import { runCli } from './cli-harness.ts';
import { simulatedResult } from './simulated-result.ts';

const SPEC: CompareSpec[] = [{ key: 'http_req_duration{endpoint:post_message}', stat: 'p(95)', margin: 0.1, better: 'lower', description: 'POST P95' }];
const shape = { seconds: 90, requestsPerSecond: 80, medianMs: 60 };
const tmp = mkdtempSync(join(tmpdir(), 'verdict-compare-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('compareResults on results built from per-second HDR series', () => {
  const base = simulatedResult(1, shape, 'base');

  // The 1,000-pair rates are tested in compare-simulated-pairs.test.ts; here 30 seeded (deterministic) pairs of
  // shorter runs check that the per-second HDR path feeds the same statistics: ~95 % detection expected.
  it('A/A over 30 pairs: never fail; +20 % P95: fail in nearly all', () => {
    let aaFail = 0;
    let abFail = 0;
    for (let i = 0; i < 30; i++) {
      const b = simulatedResult(100 + i, shape, `b${i}`);
      if (compareResults(b, simulatedResult(200 + i, shape, `a${i}`), SPEC).verdict === 'fail') aaFail++;
      if (compareResults(b, simulatedResult(300 + i, { ...shape, scale: 1.2 }, `s${i}`), SPEC).verdict === 'fail') abFail++;
    }
    expect(aaFail).toBe(0);
    expect(abFail).toBeGreaterThanOrEqual(26);
  });

  it('reports pooled values, interval, margin and detectable effect per metric', () => {
    const c = compareResults(base, simulatedResult(2, { ...shape, scale: 1.2 }, 'slow'), SPEC);
    const m = c.metrics[0]!;
    expect(m.method).toBe('pooled-block-bootstrap');
    // The pooled P95 of the per-second histograms is the whole-run P95 (to HDR precision, ±0.1 %).
    expect(m.baseline! / base.metrics['http_req_duration{endpoint:post_message}']!.values['p(95)']! - 1).toBeLessThan(1e-3);
    expect(m.change).toBeCloseTo(m.current! / m.baseline! - 1, 12);
    expect(m.change).toBeGreaterThan(0.12);
    expect(m.lower).toBeLessThan(m.change);
    expect(m.upper).toBeGreaterThan(m.change);
    expect(m.windows.baseline).toBe(90); // seconds resampled
    expect(m.windows.effectiveBaseline).toBe(Math.ceil(90 / m.blockSec!.baseline)); // blocks per resample
    expect(m.minimumDetectableEffect).toBeGreaterThan(0);
    expect(m.minimumDetectableEffect).toBeLessThan(0.1);
    expect(c.verdict).toBe('fail');
    expect(c.resamples).toBe(2000);
  });

  it('the same pair of files always gives the same comparison (seeded bootstrap)', () => {
    const other = simulatedResult(12, shape, 'other');
    const avgSpec: CompareSpec[] = [...SPEC, { key: 'http_req_duration{endpoint:post_message}', stat: 'avg', margin: 0.1, better: 'lower', description: '' }];
    const first = compareResults(base, other, avgSpec);
    expect(compareResults(structuredClone(base), structuredClone(other), avgSpec)).toEqual(first);
    expect(first.metrics.map((m) => m.method)).toEqual(['pooled-block-bootstrap', 'pooled-block-bootstrap']);
    expect(first.metrics[1]!.baseline).toBeCloseTo(base.metrics['http_req_duration{endpoint:post_message}']!.values.avg!, 6);
  });

  it('trend extremes and counts keep the per-window t interval (a bootstrap cannot exceed the observed max)', () => {
    const specs: CompareSpec[] = ['max', 'count'].map((stat) => ({ key: 'http_req_duration{endpoint:post_message}', stat, margin: 0.5, better: 'lower' as const, description: '' }));
    const c = compareResults(base, simulatedResult(13, shape, 'x'), specs);
    expect(c.metrics.map((m) => [m.method, m.blockSec])).toEqual([['window-mean-t', null], ['window-mean-t', null]]);
  });

  it('the method note names only the methods a comparison used, with its bootstrap block lengths', () => {
    const specs: CompareSpec[] = [...SPEC, { ...SPEC[0]!, stat: 'max', margin: 0.5 }];
    const c = compareResults(base, simulatedResult(15, shape, 'y'), specs);
    const blocks = [...new Set(c.metrics[0]!.blockSec ? [c.metrics[0]!.blockSec.baseline, c.metrics[0]!.blockSec.current] : [])].sort((a, b) => a - b).join('/');
    expect(methodNote(c)).toBe(`Latency statistics are those of the pooled whole-run histogram, their intervals from a circular block bootstrap over seconds (2000 resamples, blocks of ${blocks} s chosen from the autocorrelation); rates and counts are compared as means of 5 s windows with a t interval — never over raw requests, which are not independent.`);
    expect(methodNote({ ...c, metrics: c.metrics.slice(1) })).toBe('Rates and counts are compared as means of 5 s windows with a t interval — never over raw requests, which are not independent.');
    expect(methodNote({ ...c, metrics: [] })).toBe('');
  });

  it('a trend too thin for its quantile is not compared, and says why', () => {
    const thin = simulatedResult(14, { seconds: 10, requestsPerSecond: 1, medianMs: 60 }, 'thin');
    const c = compareResults(base, thin, [{ ...SPEC[0]!, stat: 'p(99)' }]);
    expect(c.notCompared).toEqual([{ key: SPEC[0]!.key, stat: 'p(99)', reason: 'too few samples for p(99) (baseline 7200, result 10; need ≥ 100 each)' }]);
    expect(c.verdict).toBe('inconclusive');
  });

  it('differing fingerprints are incomparable unless allowed', () => {
    const other = simulatedResult(3, shape, 'other');
    other.fingerprint = { ...other.fingerprint!, cpuCount: 64 };
    const c = compareResults(base, other, SPEC);
    expect(c.verdict).toBe('incomparable');
    expect(c.fingerprint.differences).toEqual([`cpuCount: ${base.fingerprint!.cpuCount} vs 64`]);
    const allowed = compareResults(base, other, SPEC, { allowIncomparable: true });
    expect(allowed.verdict).not.toBe('incomparable');
    expect(allowed.reason).toContain('fingerprints differ');
    const noPrint = { ...other, fingerprint: null };
    expect(compareResults(base, noPrint, SPEC).verdict).toBe('incomparable');
  });

  it('a gated metric missing from a result is not compared, and the verdict is inconclusive', () => {
    const c = compareResults(base, simulatedResult(4, shape, 'x'), [...SPEC, { key: 'job_completion', stat: 'rate', margin: 0.02, better: 'higher', description: '' }]);
    expect(c.notCompared).toEqual([{ key: 'job_completion', stat: 'rate', reason: expect.stringContaining('no samples of job_completion') as unknown as string }]);
    expect(c.verdict).toBe('inconclusive');
  });

  it('counter rates per window: a 20 % drop in throughput fails a higher-is-better rate', () => {
    const fast = simulatedResult(5, { ...shape, requestsPerSecond: 100 }, 'fast');
    const slow = simulatedResult(6, { ...shape, requestsPerSecond: 80 }, 'slow');
    const spec: CompareSpec[] = [{ key: 'http_reqs', stat: 'rate', margin: 0.1, better: 'higher', description: '' }];
    const c = compareResults(fast, slow, spec);
    expect(c.metrics[0]!.change).toBeCloseTo(-0.2, 2);
    expect(c.verdict).toBe('fail');
    expect(compareResults(fast, fast, spec).verdict).toBe('pass');
  });
});

describe('diff and baseline promote commands', () => {
  const table = join(tmp, 'thresholds.json');
  writeFileSync(table, JSON.stringify({
    version: 1,
    defaults: { 'http_req_duration{endpoint:post_message}': { thresholds: ['p(95)<=500'], compare: { stat: 'p(95)', margin: 0.1, better: 'lower' }, description: 'POST P95' } },
    profiles: {},
  }));
  const save = (name: string, value: unknown) => {
    const p = join(tmp, name);
    writeFileSync(p, JSON.stringify(value));
    return p;
  };
  const basePath = save('base.json', simulatedResult(7, shape, 'run-base'));
  const samePath = save('same.json', simulatedResult(8, shape, 'run-same'));
  const slowPath = save('slow.json', simulatedResult(9, { ...shape, scale: 1.25 }, 'run-slow'));

  it('diff: verdict line first, a row per metric, exit 1 on a regression', async () => {
    const r = await runCli(['diff', basePath, slowPath, '--thresholds', table]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^\*\*❌ FAIL\*\* — regression beyond the margin in http_req_duration\{endpoint:post_message\} p\(95\)/);
    const row = lines.find((l) => l.startsWith('| `http_req_duration{endpoint:post_message}` |'))!;
    expect(row).toMatch(/\| p\(95\) \| [\d.]+ \| [\d.]+ \| \+2\d\.\d % \| \[\+\d+\.\d %, \+\d+\.\d %\] \| \+10 % \| \d+\.\d % \| ❌ fail \|/);
    const same = await runCli(['diff', basePath, samePath, '--thresholds', table, '--format', 'json']);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({ verdict: 'pass', metrics: [{ verdict: 'pass' }] });
  });

  it('baseline promote: writes with provenance, refuses a regression, --force overrides', async () => {
    const dir = join(tmp, 'baselines');
    const first = await runCli(['baseline', 'promote', basePath, '--profile', 'release', '--baselines', dir, '--thresholds', table]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const stored = JSON.parse(readFileSync(join(dir, 'release.json'), 'utf8'));
    expect(stored).toMatchObject({ schema: 'aetheris-bench/baseline@1', profile: 'release', provenance: { runId: 'run-base', gitSha: 'sim', forced: false, previousComparison: null } });
    expect(stored.provenance.fingerprint.hash).toBe(stored.result.fingerprint.hash);
    const before = readFileSync(join(dir, 'release.json'), 'utf8');
    const refused = await runCli(['baseline', 'promote', slowPath, '--profile', 'release', '--baselines', dir, '--thresholds', table]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('refused');
    expect(readFileSync(join(dir, 'release.json'), 'utf8')).toBe(before);
    const forced = await runCli(['baseline', 'promote', slowPath, '--profile', 'release', '--baselines', dir, '--thresholds', table, '--force']);
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'release.json'), 'utf8')).provenance).toMatchObject({ runId: 'run-slow', forced: true, previousComparison: { verdict: 'fail' } });
    // diff accepts the baseline file in place of a result (the same run on both sides: change 0, never fail).
    const self = await runCli(['diff', join(dir, 'release.json'), slowPath, '--thresholds', table]);
    expect([0, 4]).toContain(self.code);
    expect(self.stdout).toMatch(/^\*\*/);
    expect(self.stdout).toContain('| +0.0 % |');
  });

  it('baseline promote refuses a result that failed its own thresholds, or of another profile', async () => {
    const dir = join(tmp, 'baselines-2');
    const failed = simulatedResult(10, shape, 'run-failed');
    failed.thresholds = [{ key: 'http_req_duration', source: 'p(95)<1', ok: false, observed: 90, evaluatedBy: 'aetheris-bench', origin: 'threshold-table' }];
    failed.thresholdsOk = false;
    const r = await runCli(['baseline', 'promote', save('failed.json', failed), '--profile', 'release', '--baselines', dir, '--thresholds', table]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('failed its own thresholds');
    const other = await runCli(['baseline', 'promote', basePath, '--profile', 'soak', '--baselines', dir, '--thresholds', table]);
    expect(other.code).toBe(4);
    expect(existsSync(join(dir, 'release.json')) || existsSync(join(dir, 'soak.json'))).toBe(false);
  });
});
