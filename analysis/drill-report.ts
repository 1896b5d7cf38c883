// Type-only imports: the report stays pure, it only reads the shapes those stages wrote to disk.
import type { FaultRecord as DrillFaultLine } from '../harness/faults.ts';
import type { LossAudit as DrillAuditLike } from '../lifecycle/loss-audit.ts';
import type { FaultRecovery as FaultRecoveryLike, RecoveryFigures as DrillRecoveryLike } from './recovery/recovery-figures.ts';

/** File names of the drill report in the run directory (beside audit.json and faults.ndjson). */
export const DRILL_REPORT_FILES = { json: 'drill.json', markdown: 'drill.md' } as const;

/** Limits a drill is judged by. */
export interface DrillLimits {
  /** Minimum completed / accepted (the threshold table's `job_completion`, default 0.95). */
  completionMin: number;
  /** Longest allowed time from a fault's end until throughput is back (ms). */
  recoveryLimitMs: number;
  /** Failed jobs tolerated (default 0: unlike Aetheris's own drill script, `failed` is not a pass). */
  maxFailed: number;
}

/** Default limits; the caller passes the threshold table's numbers when it has them. */
export const DEFAULT_DRILL_LIMITS: DrillLimits = { completionMin: 0.95, recoveryLimitMs: 30_000, maxFailed: 0 };

/** pass → exit 0, fail → 1 (the target lost or broke jobs), harness-error → 3, inconclusive → 4. */
export type DrillVerdict = 'pass' | 'fail' | 'harness-error' | 'inconclusive';

/** One rule of the drill, judged. */
export interface DrillCheck {
  name: 'faults-injected' | 'audit' | 'no-lost-jobs' | 'all-terminal' | 'no-failed-jobs' | 'completion' | 'recovery';
  status: 'pass' | 'fail' | 'inconclusive' | 'error';
  detail: string;
}

/** What drill.json holds. */
export interface DrillReport {
  kind: 'drill-report';
  version: 1;
  profile: string;
  runId: string;
  verdict: DrillVerdict;
  exitCode: 0 | 1 | 3 | 4;
  /** One line per check that did not pass, the most serious first. */
  reasons: string[];
  checks: DrillCheck[];
  limits: DrillLimits;
  /** completed / max(accepted, found); null without jobs. */
  completion: number | null;
  faults: DrillFaultLine[];
  audit: DrillAuditLike | null;
  recovery: DrillRecoveryLike | null;
}

/** Inputs of `buildDrillReport`: the parsed faults.ndjson, audit.json and recovery figures. */
export interface DrillInputs {
  profile: string;
  runId: string;
  faults: readonly DrillFaultLine[];
  /** null when the audit could not run (a harness problem). */
  audit: DrillAuditLike | null;
  /** Why the audit is missing, for the report. */
  auditError?: string;
  recovery: DrillRecoveryLike | null;
  limits?: Partial<DrillLimits>;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const listIds = (ids: readonly string[], count: number) => (ids.length === 0 ? '' : `: ${ids.slice(0, 10).join(', ')}${count > Math.min(10, ids.length) ? `, … (${count} in all)` : ''}`);

function faultCheck(faults: readonly DrillFaultLine[]): DrillCheck {
  if (faults.length === 0) return { name: 'faults-injected', status: 'inconclusive', detail: 'the profile has no faults: nothing was drilled' };
  const errors = faults.filter((f) => f.status === 'error');
  if (errors.length > 0) return { name: 'faults-injected', status: 'error', detail: `fault could not be injected (harness problem): ${errors.map((f) => `#${f.index} ${f.action} at ${f.at}: ${f.error ?? 'failed'}`).join('; ')}` };
  const notRun = faults.filter((f) => f.status !== 'ok');
  if (notRun.length > 0) return { name: 'faults-injected', status: 'inconclusive', detail: `fault not injected: ${notRun.map((f) => `#${f.index} ${f.action} at ${f.at} (${f.status}${f.error ? `: ${f.error}` : ''})`).join('; ')}` };
  return { name: 'faults-injected', status: 'pass', detail: `${faults.length} fault(s) injected: ${faults.map((f) => f.action).join(', ')}` };
}

/**
 * completed / jobs of the run. The denominator is the accepted count, or the rows found when there
 * are more (a POST whose 202 the client never saw still made a job that must complete). null: none.
 */
function completionOf(audit: DrillAuditLike): number | null {
  const denominator = Math.max(audit.accepted, audit.found);
  return denominator > 0 ? audit.completed.count / denominator : null;
}

function auditChecks(audit: DrillAuditLike, limits: DrillLimits): DrillCheck[] {
  const checks: DrillCheck[] = [];
  checks.push(
    audit.lost.count === 0
      ? { name: 'no-lost-jobs', status: 'pass', detail: `all ${audit.accepted} accepted jobs are in Postgres${audit.acceptedIdsKnown ? ' (checked by id)' : ' (checked by count)'}` }
      : { name: 'no-lost-jobs', status: 'fail', detail: `${audit.lost.count} of ${audit.accepted} accepted jobs are missing from Postgres${listIds(audit.lost.ids, audit.lost.count)}` },
  );
  checks.push(
    audit.stuck.count === 0 && audit.settled
      ? { name: 'all-terminal', status: 'pass', detail: `every job of the run was terminal ${s(audit.waitedMs)} after the load (grace ${s(audit.graceMs)})` }
      : { name: 'all-terminal', status: 'fail', detail: `${audit.stuck.count} job(s) not terminal when the ${s(audit.graceMs)} grace ran out${listIds(audit.stuck.ids, audit.stuck.count)}` },
  );
  checks.push(
    audit.failed.count <= limits.maxFailed
      ? { name: 'no-failed-jobs', status: 'pass', detail: `${audit.failed.count} failed job(s) (limit ${limits.maxFailed})` }
      : { name: 'no-failed-jobs', status: 'fail', detail: `${audit.failed.count} job(s) ended failed (limit ${limits.maxFailed}); a failed job is not a pass${listIds(audit.failed.ids, audit.failed.count)}` },
  );
  if (audit.accepted === 0) {
    checks.push({ name: 'completion', status: 'inconclusive', detail: 'the load had no accepted job: completion cannot be judged' });
  } else {
    const completion = completionOf(audit)!;
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    const of = audit.found > audit.accepted ? `${audit.found} jobs of the run (${audit.accepted} acknowledged)` : `${audit.accepted} accepted jobs`;
    checks.push({
      name: 'completion',
      status: completion >= limits.completionMin ? 'pass' : 'fail',
      detail: `${audit.completed.count} of ${of} completed (${pct(completion)}; needed ≥ ${pct(limits.completionMin)})`,
    });
  }
  return checks;
}

function recoveryCheck(recovery: DrillRecoveryLike | null, limits: DrillLimits): DrillCheck {
  const figures: readonly FaultRecoveryLike[] = recovery?.faults ?? [];
  if (figures.length === 0) return { name: 'recovery', status: 'inconclusive', detail: 'no recovery figures (no injected fault, or no per-second series)' };
  const parts: string[] = [];
  let status: DrillCheck['status'] = 'pass';
  for (const f of figures) {
    const label = `#${f.index} ${f.action}`;
    if (f.status === 'no-baseline') {
      parts.push(`${label}: no throughput before the fault to recover to`);
      if (status === 'pass') status = 'inconclusive';
    } else if (f.recoveryMs === null) {
      parts.push(`${label}: throughput not back to ${(f.targetLevel ?? 0).toFixed(2)}/s before the load ended`);
      status = 'fail';
    } else if (f.recoveryMs > limits.recoveryLimitMs) {
      parts.push(`${label}: recovered in ${s(f.recoveryMs)} (limit ${s(limits.recoveryLimitMs)})`);
      status = 'fail';
    } else parts.push(`${label}: recovered in ${s(f.recoveryMs)}`);
  }
  return { name: 'recovery', status, detail: parts.join('; ') };
}

const ORDER: Record<DrillCheck['status'], number> = { error: 0, fail: 1, inconclusive: 2, pass: 3 };

/**
 * Judges a drill (issue 7): it passes only when every fault was injected, no accepted job is lost,
 * every job is terminal within the grace, no job failed (beyond `maxFailed`), completion reaches
 * the threshold and every fault's recovery is within the limit. A fault that could not be injected
 * or an audit that could not run makes it a harness problem (exit 3), never a target failure.
 */
export function buildDrillReport(inputs: DrillInputs): DrillReport {
  const limits = { ...DEFAULT_DRILL_LIMITS, ...inputs.limits };
  const checks: DrillCheck[] = [faultCheck(inputs.faults)];
  if (inputs.audit) checks.push(...auditChecks(inputs.audit, limits));
  else checks.push({ name: 'audit', status: 'error', detail: `loss audit did not run${inputs.auditError ? `: ${inputs.auditError}` : ''}` });
  checks.push(recoveryCheck(inputs.recovery, limits));

  const worst = Math.min(...checks.map((c) => ORDER[c.status]));
  const verdict: DrillVerdict = worst === 0 ? 'harness-error' : worst === 1 ? 'fail' : worst === 2 ? 'inconclusive' : 'pass';
  const exitCode = ({ pass: 0, fail: 1, 'harness-error': 3, inconclusive: 4 } as const)[verdict];
  const reasons = checks
    .filter((c) => c.status !== 'pass')
    .sort((a, b) => ORDER[a.status] - ORDER[b.status])
    .map((c) => `${c.status.toUpperCase()} ${c.name}: ${c.detail}`);
  const completion = inputs.audit ? completionOf(inputs.audit) : null;
  return { kind: 'drill-report', version: 1, profile: inputs.profile, runId: inputs.runId, verdict, exitCode, reasons, checks, limits, completion, faults: [...inputs.faults], audit: inputs.audit, recovery: inputs.recovery };
}

const cell = (v: unknown) => String(v ?? '—').replace(/\|/g, '\\|').replace(/\n/g, ' ');
const ms = (v: number | null | undefined) => (v === null || v === undefined ? '—' : s(v));
const rate = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(2)} %`);
const lat = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(1)} ms`);

/** The drill report as Markdown (drill.md): verdict, reasons, checks, faults, audit, recovery. */
export function renderDrillMarkdown(r: DrillReport): string {
  const out: string[] = [`# Failure drill: ${r.profile}`, '', `Run \`${r.runId}\` · verdict **${r.verdict.toUpperCase()}** (exit ${r.exitCode})`, ''];
  if (r.reasons.length > 0) out.push('## Why', '', ...r.reasons.map((x) => `- ${x}`), '');
  out.push('## Checks', '', '| check | result | detail |', '|---|---|---|', ...r.checks.map((c) => `| ${c.name} | ${c.status.toUpperCase()} | ${cell(c.detail)} |`), '');
  out.push('## Faults', '', '| # | action | planned | window | command | exit | status |', '|---|---|---|---|---|---|---|');
  for (const f of r.faults) {
    const win = f.window ? `${s(f.window.end - f.window.start)} from ${new Date(f.window.start).toISOString()}` : '—';
    out.push(`| ${f.index} | ${f.action} | ${f.at}${f.for ? ` for ${f.for}` : ''} | ${win} | ${cell(f.command)} | ${cell(f.exitCode)} | ${f.status}${f.error ? `: ${cell(f.error)}` : ''} |`);
  }
  out.push('');
  if (r.audit) {
    const a = r.audit;
    out.push('## Loss audit', '', '| accepted | found | lost | stuck | completed | failed | cancelled | retried | reclaimed | unacknowledged |', '|---|---|---|---|---|---|---|---|---|---|');
    out.push(`| ${a.accepted} | ${a.found} | ${a.lost.count} | ${a.stuck.count} | ${a.completed.count} | ${a.failed.count} | ${a.cancelled.count} | ${a.retried.count} | ${a.reclaimed?.count ?? '—'} | ${a.unacknowledged} |`, '');
    for (const [name, list] of [['lost', a.lost], ['stuck', a.stuck], ['failed', a.failed], ['cancelled', a.cancelled]] as const) {
      if (list.count > 0) out.push(`- ${name}: ${list.ids.join(', ')}${list.truncated ? ` … (${list.count} in all)` : ''}`);
    }
    out.push('');
  }
  if (r.recovery && r.recovery.faults.length > 0) {
    out.push('## Recovery', '', '| # | action | pre-fault /s | recovery | errors in window | errors outside | P95 in window | P95 outside |', '|---|---|---|---|---|---|---|---|');
    for (const f of r.recovery.faults) {
      out.push(`| ${f.index} | ${f.action} | ${f.preFaultLevel === null ? '—' : f.preFaultLevel.toFixed(2)} | ${f.status === 'recovered' ? ms(f.recoveryMs) : f.status} | ${rate(f.inside.errorRate)} | ${rate(r.recovery.outside.errorRate)} | ${lat(f.inside.p95)} | ${lat(r.recovery.outside.p95)} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
