/**
 * The gate's single decision: thresholds, baseline comparison, growth contracts, tenant isolation,
 * the loss audit, drills and harness health folded into one outcome and exit code
 * (design.md: 0 pass, 1 target failed, 3 harness failed, 4 inconclusive). Pure.
 */
import type { Comparison } from './compare/compare-results.ts';
import type { RunResult } from './result/types.ts';

/** What one part of the verdict says. */
export interface VerdictItem {
  kind: 'threshold' | 'baseline' | 'growth' | 'tenancy' | 'audit' | 'drill' | 'generator' | 'harness';
  /** What was judged: a metric key, a relation, a drill name. */
  subject: string;
  status: 'pass' | 'fail' | 'inconclusive' | 'harness' | 'info';
  message: string;
}

/** The gate's outcome. */
export interface Verdict {
  outcome: 'pass' | 'fail' | 'harness-error' | 'inconclusive';
  exitCode: 0 | 1 | 3 | 4;
  /** One line a release manager reads first. */
  line: string;
  items: VerdictItem[];
  /** Sentences about how the verdict was reached (e.g. judged by thresholds alone). */
  notes: string[];
}

/** The loss-audit facts the verdict needs (lifecycle/loss-audit.ts LossAudit has them). */
export interface AuditFacts {
  accepted: number;
  found: number;
  lost: { count: number; ids: string[] };
  stuck: { count: number; ids: string[] };
  failed: { count: number };
  settled: boolean;
}

/** Everything the verdict is computed from. */
export interface VerdictInput {
  result: RunResult;
  /** Null when there is no baseline for the profile. */
  comparison: Comparison | null;
  /** Infrastructure problems found while running (fault command failed, generator crashed, sampler lost). */
  harnessProblems: readonly string[];
}

function fmt(n: number | undefined): string {
  if (n === undefined) return 'absent';
  return Number.isInteger(n) ? String(n) : n.toFixed(3);
}

function thresholdItems(result: RunResult): VerdictItem[] {
  return result.thresholds.map((t) => ({
    kind: 'threshold' as const,
    subject: `${t.key}: ${t.source}`,
    status: t.ok ? ('pass' as const) : ('fail' as const),
    message: t.error ? `cannot be evaluated: ${t.error}` : `observed ${fmt(t.observed)} (${t.evaluatedBy})`,
  }));
}

function baselineItems(c: Comparison | null, notes: string[]): VerdictItem[] {
  if (!c) {
    notes.push('no stored baseline for this profile: judged by the threshold table alone');
    return [];
  }
  if (c.verdict === 'incomparable') {
    notes.push(`baseline ${c.baselineRun} is not comparable with this machine or setup (${c.fingerprint.differences.join('; ')}): judged by the threshold table alone`);
    return [];
  }
  const items: VerdictItem[] = c.metrics.map((m) => ({
    kind: 'baseline' as const,
    subject: `${m.key} ${m.stat}`,
    status: m.verdict,
    message: `${fmt(m.baseline ?? undefined)} → ${fmt(m.current ?? undefined)}, change ${(m.change * 100).toFixed(1)} % [${(m.lower * 100).toFixed(1)} %, ${(m.upper * 100).toFixed(1)} %], margin ±${(m.margin * 100).toFixed(0)} %`,
  }));
  for (const n of c.notCompared) items.push({ kind: 'baseline', subject: `${n.key} ${n.stat}`, status: 'info', message: `not compared: ${n.reason}` });
  return items;
}

function growthItems(result: RunResult): VerdictItem[] {
  const items: VerdictItem[] = [];
  for (const r of result.growth.relations) {
    const contract = r.contract as { status?: string; reason?: string } | null | undefined;
    if (contract?.status === 'breach') items.push({ kind: 'growth', subject: r.relation, status: 'fail', message: `growth contract broken: ${contract.reason}` });
  }
  return items;
}

function tenancyItems(result: RunResult): VerdictItem[] {
  const v = result.metrics.tenant_isolation_violations;
  if (!v) return [];
  const count = v.values.count ?? 0;
  return [{ kind: 'tenancy', subject: 'tenant_isolation_violations', status: count === 0 ? 'pass' : 'fail', message: count === 0 ? 'no answer exposed another tenant\'s job' : `${count} answer(s) exposed another tenant's job` }];
}

// The loss audit reaches the verdict as the result's `loss-audit` drill (analyze folds audit.json
// into result.json), so a result judged later, without the run directory, still carries it.
function drillItems(result: RunResult): VerdictItem[] {
  return result.drills.map((d) => ({
    kind: d.name === 'loss-audit' ? ('audit' as const) : ('drill' as const),
    subject: d.name,
    status: d.status === 'pass' ? ('pass' as const) : d.status === 'fail' ? ('fail' as const) : ('harness' as const),
    message: d.reason ?? d.status,
  }));
}

function generatorItems(result: RunResult): VerdictItem[] {
  const g = result.generator;
  if (!g || g.saturated === null) return [];
  return [{ kind: 'generator', subject: 'load generator', status: g.saturated ? 'harness' : 'pass', message: g.saturated ? `the generator could not keep its schedule (${(g.notes ?? []).join('; ') || 'saturated'}): latency and throughput say nothing about the target` : 'kept its schedule' }];
}

/** Folds every judged part into one outcome: harness problems first, then failures, then inconclusive parts. */
export function decideVerdict(input: VerdictInput): Verdict {
  const notes: string[] = [];
  const items: VerdictItem[] = [
    ...input.harnessProblems.map((p) => ({ kind: 'harness' as const, subject: 'harness', status: 'harness' as const, message: p })),
    ...generatorItems(input.result),
    ...thresholdItems(input.result),
    ...baselineItems(input.comparison, notes),
    ...growthItems(input.result),
    ...tenancyItems(input.result),
    ...drillItems(input.result),
  ];
  if (input.result.thresholds.length === 0) notes.push('the result declares no thresholds');
  const count = (s: VerdictItem['status']) => items.filter((i) => i.status === s).length;
  const [harness, fail, inconclusive, pass] = [count('harness'), count('fail'), count('inconclusive'), count('pass')];
  const run = input.result.runId;
  if (harness > 0) {
    return { outcome: 'harness-error', exitCode: 3, line: `HARNESS ERROR (${run}): ${items.find((i) => i.status === 'harness')!.message}`, items, notes };
  }
  if (fail > 0) {
    const first = items.filter((i) => i.status === 'fail').slice(0, 3).map((i) => i.subject).join('; ');
    return { outcome: 'fail', exitCode: 1, line: `FAIL (${run}): ${fail} check(s) failed — ${first}`, items, notes };
  }
  if (inconclusive > 0) {
    return { outcome: 'inconclusive', exitCode: 4, line: `INCONCLUSIVE (${run}): ${inconclusive} comparison(s) too noisy to decide, ${pass} passed`, items, notes };
  }
  return { outcome: 'pass', exitCode: 0, line: `PASS (${run}): ${pass} check(s) passed${notes.length ? ` — ${notes[0]}` : ''}`, items, notes };
}
