import { describe, expect, it } from 'vitest';
import { buildDrillReport, renderDrillMarkdown, type DrillInputs } from '../../analysis/drill-report.ts';
import type { FaultRecord } from '../../harness/faults.ts';
import type { LossAudit } from '../../lifecycle/loss-audit.ts';
import type { RecoveryFigures } from '../../analysis/recovery/recovery-figures.ts';

const list = (ids: string[], count = ids.length) => ({ count, ids, truncated: ids.length < count });

function fault(over: Partial<FaultRecord> = {}): FaultRecord {
  return { kind: 'fault', index: 0, action: 'kill-worker', at: '20s', plannedAt: 1000, startedAt: 1000, endedAt: 2000, window: { start: 1000, end: 2000 }, command: 'embedded', exitCode: 0, output: '', status: 'ok', ok: true, ...over };
}

function audit(over: Partial<LossAudit> = {}): LossAudit {
  return {
    runId: 'r', keyPattern: 'ab-r-%', accepted: 100, acceptedIdsKnown: false, found: 100,
    lost: list([]), stuck: list([]), completed: list([], 100), failed: list([]), cancelled: list([]), retried: list(['job-9 (completed)']), reclaimed: list([]),
    unacknowledged: 0, settled: true, graceMs: 60_000, waitedMs: 3000, polls: 3, startedAt: 0, endedAt: 3000, ...over,
  };
}

function recovery(recoveryMs: number | null, status: 'recovered' | 'not-recovered' | 'no-baseline' = 'recovered'): RecoveryFigures {
  const stats = { seconds: 2, requests: 10, errors: 1, errorRate: 0.1, p95: 40, p95Method: 'hdr-merged' as const };
  return {
    settings: { baselineSeconds: 10, recoveredFraction: 0.9, sustainSeconds: 3 },
    faults: [{ index: 0, action: 'kill-worker', window: { start: 1000, end: 2000 }, preFaultLevel: 10, targetLevel: 9, recoveryMs, recoveredAt: null, status, observedUntil: 9000, inside: stats }],
    outside: { ...stats, errorRate: 0.001, p95: 20 },
  };
}

const inputs = (over: Partial<DrillInputs> = {}): DrillInputs => ({ profile: 'drill-worker-crash', runId: 'r', faults: [fault()], audit: audit(), recovery: recovery(2000), ...over });

describe('buildDrillReport', () => {
  it('passes with no lost, all terminal, no failed, full completion and quick recovery', () => {
    const r = buildDrillReport(inputs());
    expect(r.verdict).toBe('pass');
    expect(r.exitCode).toBe(0);
    expect(r.reasons).toEqual([]);
    expect(r.completion).toBe(1);
    expect(r.checks.map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'pass']);
  });

  it('fails on lost jobs and names them', () => {
    const r = buildDrillReport(inputs({ audit: audit({ found: 97, lost: list(['job-a', 'job-b', 'job-c']), acceptedIdsKnown: true, completed: list([], 97) }) }));
    expect(r.verdict).toBe('fail');
    expect(r.exitCode).toBe(1);
    expect(r.reasons[0]).toBe('FAIL no-lost-jobs: 3 of 100 accepted jobs are missing from Postgres: job-a, job-b, job-c');
  });

  it('fails on jobs still not terminal after the grace', () => {
    const r = buildDrillReport(inputs({ audit: audit({ settled: false, stuck: list(['job-x (running)']), completed: list([], 99) }) }));
    expect(r.verdict).toBe('fail');
    expect(r.reasons.join('\n')).toMatch(/all-terminal: 1 job\(s\) not terminal when the 60\.0 s grace ran out: job-x \(running\)/);
  });

  it('does not count a failed job as a pass, even with completion above the threshold', () => {
    const r = buildDrillReport(inputs({ audit: audit({ failed: list(['job-f']), completed: list([], 99) }) }));
    expect(r.verdict).toBe('fail');
    expect(r.checks.find((c) => c.name === 'completion')!.status).toBe('pass');
    expect(r.reasons).toEqual(['FAIL no-failed-jobs: 1 job(s) ended failed (limit 0); a failed job is not a pass: job-f']);
    expect(buildDrillReport(inputs({ audit: audit({ failed: list(['job-f']), completed: list([], 99) }), limits: { maxFailed: 1 } })).verdict).toBe('pass');
  });

  it('fails on low completion and on slow or missing recovery', () => {
    expect(buildDrillReport(inputs({ audit: audit({ completed: list([], 90), cancelled: list([], 10) }) })).reasons).toEqual([
      'FAIL completion: 90 of 100 accepted jobs completed (90.0 %; needed ≥ 95.0 %)',
    ]);
    expect(buildDrillReport(inputs({ recovery: recovery(45_000) })).reasons).toEqual(['FAIL recovery: #0 kill-worker: recovered in 45.0 s (limit 30.0 s)']);
    expect(buildDrillReport(inputs({ recovery: recovery(null, 'not-recovered') })).verdict).toBe('fail');
    expect(buildDrillReport(inputs({ recovery: recovery(45_000), limits: { recoveryLimitMs: 60_000 } })).verdict).toBe('pass');
  });

  it('a fault that could not be injected is a harness problem (exit 3), even when jobs were also lost', () => {
    const r = buildDrillReport(inputs({ faults: [fault({ status: 'error', ok: false, exitCode: 7, error: 'kill-worker command exited with code 7' })], audit: audit({ lost: list([], 2), found: 98, completed: list([], 98) }) }));
    expect(r.verdict).toBe('harness-error');
    expect(r.exitCode).toBe(3);
    expect(r.reasons[0]).toMatch(/^ERROR faults-injected: fault could not be injected \(harness problem\): #0 kill-worker at 20s: kill-worker command exited with code 7/);
    expect(buildDrillReport(inputs({ audit: null, auditError: 'could not read the job store' })).exitCode).toBe(3);
  });

  it('skipped faults, no faults, no accepted job or no baseline make it inconclusive (exit 4)', () => {
    expect(buildDrillReport(inputs({ faults: [fault({ status: 'skipped', ok: false, window: null, command: null, error: 'skipped: no --fault-cmd' })] })).exitCode).toBe(4);
    expect(buildDrillReport(inputs({ faults: [] })).verdict).toBe('inconclusive');
    expect(buildDrillReport(inputs({ audit: audit({ accepted: 0, found: 0, completed: list([]) }) })).verdict).toBe('inconclusive');
    expect(buildDrillReport(inputs({ recovery: recovery(null, 'no-baseline') })).verdict).toBe('inconclusive');
  });
});

describe('renderDrillMarkdown', () => {
  it('shows verdict, reasons, faults, audit and recovery', () => {
    const md = renderDrillMarkdown(buildDrillReport(inputs({ audit: audit({ failed: list(['job-f']), completed: list([], 99) }) })));
    expect(md).toContain('# Failure drill: drill-worker-crash');
    expect(md).toContain('verdict **FAIL** (exit 1)');
    expect(md).toContain('- FAIL no-failed-jobs:');
    expect(md).toContain('| 0 | kill-worker | 20s |');
    expect(md).toContain('| 100 | 100 | 0 | 0 | 99 | 1 | 0 | 1 | 0 | 0 |');
    expect(md).toContain('- failed: job-f');
    expect(md).toContain('| 0 | kill-worker | 10.00 | 2.0 s | 10.00 % | 0.10 % | 40.0 ms | 20.0 ms |');
  });
});

describe('drillLimitsFromTable', () => {
  it('takes the completion minimum from the shipped threshold table', async () => {
    const { drillLimitsFromTable } = await import('../../analysis/recovery/drill-limits.ts');
    const { loadThresholdTable, profileThresholds } = await import('../../analysis/threshold-table.ts');
    const entries = profileThresholds(loadThresholdTable(), 'drill-worker-crash').entries;
    expect(drillLimitsFromTable(entries, 20_000)).toEqual({ completionMin: 0.95, recoveryLimitMs: 20_000, maxFailed: 0 });
    expect(drillLimitsFromTable({ job_completion: { thresholds: ['rate>=0.99'], description: '' } }).completionMin).toBe(0.99);
  });
});

describe('completion with unacknowledged rows', () => {
  it('divides by the rows found when the API committed more jobs than the load saw accepted', () => {
    const r = buildDrillReport(inputs({ audit: audit({ accepted: 100, found: 110, unacknowledged: 10, completed: list([], 100) }) }));
    expect(r.completion).toBeCloseTo(100 / 110, 10);
    expect(r.reasons).toEqual(['FAIL completion: 100 of 110 jobs of the run (100 acknowledged) completed (90.9 %; needed ≥ 95.0 %)']);
  });
});
