import { describe, expect, it } from 'vitest';
import { verdictJunit } from '../../analysis/junit.ts';
import { emptyResult } from '../../analysis/result/empty-result.ts';
import type { RunResult } from '../../analysis/result/types.ts';
import { decideVerdict } from '../../analysis/verdict.ts';
import type { Comparison } from '../../analysis/compare/compare-results.ts';

function result(patch: Partial<RunResult> = {}): RunResult {
  return { ...emptyResult('run-1', 'run-dir'), ...patch };
}
const okThreshold = { key: 'http_req_duration{endpoint:get_job}', source: 'p(95)<=200', ok: true, observed: 12, evaluatedBy: 'aetheris-bench' as const, origin: 'engine' as const };

function comparison(verdicts: Array<'pass' | 'fail' | 'inconclusive'>, comparable = true): Comparison {
  return {
    verdict: comparable ? (verdicts.includes('fail') ? 'fail' : verdicts.includes('inconclusive') ? 'inconclusive' : 'pass') : 'incomparable',
    reason: '',
    fingerprint: { comparable, differences: comparable ? [] : ['cpuModel: a vs b'], allowed: false },
    windowSec: 5,
    confidence: 0.95,
    resamples: 2000,
    baselineRun: 'base',
    currentRun: 'run-1',
    metrics: comparable ? verdicts.map((v, i) => ({ key: `m${i}`, stat: 'p(95)', margin: 0.1, better: 'lower' as const, description: '', method: 'pooled-block-bootstrap' as const, baseline: 10, current: 11, change: 0.1, lower: 0.05, upper: 0.15, minimumDetectableEffect: 0.03, windows: { baseline: 60, current: 60, effectiveBaseline: 12, effectiveCurrent: 12 }, blockSec: { baseline: 5, current: 5 }, verdict: v })) : [],
    notCompared: [],
  };
}

describe('gate verdict', () => {
  it('passes when every part passes, and says when there was no baseline', () => {
    const v = decideVerdict({ result: result({ thresholds: [okThreshold] }), comparison: null, harnessProblems: [] });
    expect(v.exitCode).toBe(0);
    expect(v.line).toMatch(/^PASS \(run-1\)/);
    expect(v.notes[0]).toMatch(/threshold table alone/);
  });

  it('reports the loss audit (folded into the result as a drill) under its own kind', () => {
    const v = decideVerdict({ result: result({ drills: [{ name: 'loss-audit', status: 'pass', reason: 'no accepted job lost or stuck' }] }), comparison: null, harnessProblems: [] });
    expect(v.items).toEqual([expect.objectContaining({ kind: 'audit', subject: 'loss-audit', status: 'pass' })]);
  });

  it('fails on a failed threshold, a lost job, a tenant leak, a growth breach or a failed drill', () => {
    const failing: Array<Parameters<typeof decideVerdict>[0]> = [
      { result: result({ thresholds: [{ ...okThreshold, ok: false, observed: 250 }] }), comparison: null, harnessProblems: [] },
      { result: result({ drills: [{ name: 'loss-audit', status: 'fail', reason: '1 lost, 0 stuck of 10 accepted' }] }), comparison: null, harnessProblems: [] },
      { result: result({ metrics: { tenant_isolation_violations: { type: 'counter', contains: 'default', values: { count: 2, rate: 0.1 }, provenance: { run: 'r', sources: [], samples: 2, window: null, method: 'hdr-from-timeseries' } } } }), comparison: null, harnessProblems: [] },
      { result: result({ growth: { status: 'computed', relations: [{ relation: 'job_claims', verdict: 'unbounded', model: 'linear', reason: 'r', contract: { status: 'breach', reason: 'must be bounded' } }] } }), comparison: null, harnessProblems: [] },
      { result: result({ drills: [{ name: 'drill-worker-crash', status: 'fail', reason: '2 jobs lost' }] }), comparison: null, harnessProblems: [] },
      { result: result(), comparison: comparison(['pass', 'fail']), harnessProblems: [] },
    ];
    for (const input of failing) expect(decideVerdict(input).exitCode).toBe(1);
  });

  it('puts harness problems before target failures (exit 3), and a saturated generator is one', () => {
    const v = decideVerdict({ result: result({ thresholds: [{ ...okThreshold, ok: false }] }), comparison: null, harnessProblems: ['fault command "kill-worker" exited 1'] });
    expect(v.exitCode).toBe(3);
    expect(v.line).toContain('kill-worker');
    const g = decideVerdict({ result: result({ generator: { saturated: true, notes: ['lag p99 120 ms'] } }), comparison: null, harnessProblems: [] });
    expect(g.exitCode).toBe(3);
  });

  it('is inconclusive (4) when a comparison cannot decide and nothing failed', () => {
    expect(decideVerdict({ result: result({ thresholds: [okThreshold] }), comparison: comparison(['pass', 'inconclusive']), harnessProblems: [] }).exitCode).toBe(4);
  });

  it('judges by thresholds alone, and says so, when the baseline is incomparable', () => {
    const v = decideVerdict({ result: result({ thresholds: [okThreshold] }), comparison: comparison([], false), harnessProblems: [] });
    expect(v.exitCode).toBe(0);
    expect(v.notes.join(' ')).toMatch(/not comparable .*cpuModel.*threshold table alone/);
  });

  it('writes JUnit with a failure per failed item and an error per harness problem', () => {
    const v = decideVerdict({ result: result({ thresholds: [okThreshold, { ...okThreshold, key: 'x<y>', ok: false }] }), comparison: null, harnessProblems: ['sampler lost'] });
    const xml = verdictJunit(v, 'release');
    expect(xml).toContain('tests="3" failures="1" errors="1"');
    expect(xml).toContain('name="x&lt;y&gt;: p(95)&lt;=200"');
    expect(xml).toContain('<error message="sampler lost"/>');
  });
});
