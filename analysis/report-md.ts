/**
 * report.md: the facts of one run for a pull request or release notes — verdict first, then
 * thresholds, latency per endpoint, jobs, the baseline comparison, growth, tenancy, the loss
 * audit, drills and the target's own telemetry. Every table says where its numbers came from.
 */
import type { Comparison } from './compare/compare-results.ts';
import { methodNote } from './compare/render-diff.ts';
import type { ObservabilityFindings } from './observability-findings.ts';
import type { ResultMetric, RunResult } from './result/types.ts';
import type { AuditFacts, Verdict } from './verdict.ts';

/** Everything report.md shows. */
export interface ReportInput {
  result: RunResult;
  verdict: Verdict;
  comparison: Comparison | null;
  audit: AuditFacts | null;
  observability: ObservabilityFindings | null;
}

const ms = (v: number | undefined) => (v === undefined ? '–' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`);
const num = (v: number | undefined, digits = 0) => (v === undefined ? '–' : v.toFixed(digits));
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const bytes = (v: number | null | undefined) => {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let x = Math.abs(v);
  let i = 0;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${v < 0 ? '-' : ''}${x.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
};
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function source(result: RunResult, m?: ResultMetric): string {
  const w = m?.provenance.window ?? result.window;
  const window = w ? `${new Date(w.start).toISOString()} → ${new Date(w.end).toISOString()}` : 'window unknown (summary input)';
  const samples = m?.provenance.samples;
  return `run \`${result.runId}\`, ${window}${samples !== undefined && samples !== null ? `, ${samples} samples` : ''}${m ? `, ${m.provenance.method}` : ''}`;
}

function endpointRows(result: RunResult): string[][] {
  const rows: string[][] = [];
  for (const [key, m] of Object.entries(result.metrics)) {
    const e = /^http_req_duration\{endpoint:([^}]+)\}$/.exec(key);
    if (!e || m.type !== 'trend') continue;
    rows.push([e[1]!, num(m.values.count), ms(m.values.med), ms(m.values['p(95)']), ms(m.values['p(99)']), ms(m.values.max)]);
  }
  return rows.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

function jobsSection(result: RunResult): string[] {
  const count = (k: string) => result.metrics[k]?.values.count;
  const minutes = (result.durationMs ?? 0) / 60_000;
  const completed = count('jobs_completed');
  const lines = ['## Jobs', ''];
  lines.push(table(['accepted', 'completed', 'failed', 'timed out', 'completion', 'completed / min', 'agents re-created'], [[
    num(count('jobs_accepted')), num(completed), num(count('jobs_failed')), num(count('jobs_timed_out')),
    result.metrics.job_completion ? pct(result.metrics.job_completion.values.rate ?? 0) : '–',
    completed !== undefined && minutes > 0 ? (completed / minutes).toFixed(1) : '–',
    num(count('agents_recreated')),
  ]]));
  const e2e = result.metrics.job_e2e_duration;
  if (e2e) lines.push('', `Submit → terminal (job_e2e_duration): median ${ms(e2e.values.med)}, P95 ${ms(e2e.values['p(95)'])}, max ${ms(e2e.values.max)}.`);
  lines.push('', `Source: ${source(result, result.metrics.jobs_completed)}; rate per minute over the whole run (${(minutes).toFixed(2)} min).`);
  return lines;
}

function growthSection(result: RunResult): string[] {
  if (result.growth.relations.length === 0) return ['## Storage growth', '', `No growth verdicts (${result.growth.status}${result.growth.note ? `: ${result.growth.note}` : ''}).`];
  const tables = result.growth.relations.filter((r) => (r.kind === 'table' || r.kind === undefined || r.relation.startsWith('@')) && r.relation !== '');
  const rows = tables.map((r) => [
    r.relation, r.verdict, String(r.model ?? '–'), bytes(r.growthPerHour as number | null), r.bytesPerEvent === null || r.bytesPerEvent === undefined ? '–' : bytes(r.bytesPerEvent as number),
    bytes(r.projectedBytes as number | null), ((r.contract as { status?: string } | null)?.status ?? '–'), r.reason,
  ]);
  const out = ['## Storage growth', '', table(['relation', 'verdict', 'model', 'growth / h', 'bytes / event', 'projection', 'contract', 'reason'], rows), '', `Source: samples.csv of run \`${result.runId}\` (Postgres catalog, one row per relation per tick); projections to the horizon as each relation's basis says.`];
  if (result.growth.unboundedToday?.length) {
    out.push('', `Expected to grow without bound in Aetheris 2.x today (contract §5.3: nothing deletes their rows): ${result.growth.unboundedToday.map((t) => `\`${t}\``).join(', ')}. Their contracts here bound growth per job or per event, not in total.`);
  }
  const recs = (result.growth.recommendations ?? []) as Array<{ topic?: string; text?: string; basedOn?: string[] }>;
  if (recs.length) {
    out.push('', '### Recommendations', '');
    for (const r of recs) out.push(`- **${r.topic ?? 'advice'}**: ${r.text ?? ''}${r.basedOn?.length ? ` (based on ${r.basedOn.join('; ')})` : ''}`);
  }
  return out;
}

/** Renders report.md. */
export function renderReportMarkdown(input: ReportInput): string {
  const { result, verdict } = input;
  const manifest = (result.manifest ?? {}) as { profile?: string; gitSha?: string; runtime?: { name?: string; version?: string }; target?: { kind?: string; api?: string } };
  const out: string[] = [`# aetheris-bench — ${manifest.profile ?? 'result'} \`${result.runId}\``, '', `**${verdict.line}**`, ''];
  for (const n of verdict.notes) out.push(`- ${n}`);
  if (verdict.notes.length) out.push('');
  out.push(table(['run', 'git', 'runtime', 'target', 'fingerprint', 'duration'], [[
    result.runId, (manifest.gitSha ?? 'unknown').slice(0, 12), `${manifest.runtime?.name ?? '?'} (${manifest.runtime?.version ?? '?'})`,
    `${manifest.target?.kind ?? '?'} ${manifest.target?.api ?? ''}`, result.fingerprint?.hash ?? '–', result.durationMs ? `${(result.durationMs / 1000).toFixed(1)} s` : '–',
  ]]));

  out.push('', '## Checks', '', table(['kind', 'subject', 'status', 'detail'], verdict.items.map((i) => [i.kind, i.subject, i.status === 'pass' ? 'pass ✓' : i.status === 'fail' ? 'FAIL ✗' : i.status, i.message])));

  const endpoints = endpointRows(result);
  if (endpoints.length) {
    out.push('', '## Latency per endpoint', '', table(['endpoint', 'requests', 'median', 'P95', 'P99', 'max'], endpoints));
    out.push('', `Source: http_req_duration per \`endpoint\` tag, HDR histograms (3 significant digits), ${source(result)}.`);
  }
  if (result.metrics.jobs_accepted || result.metrics.jobs_completed) out.push('', ...jobsSection(result));
  const replay = Object.entries(result.metrics).filter(([k, m]) => k.startsWith('replay_duration') && (m.values.count ?? 0) > 0);
  if (replay.length) out.push('', '## Replay', '', table(['series', 'replays', 'median', 'P95', 'max'], replay.map(([k, m]) => [k, num(m.values.count), ms(m.values.med), ms(m.values['p(95)']), ms(m.values.max)])), '', `Source: replay_duration (tags: events, snapshot), ${source(result)}.`);

  if (input.comparison) {
    const c = input.comparison;
    out.push('', '## Against the baseline', '', `${c.verdict}: ${c.reason}`, '');
    if (c.metrics.length) out.push(table(['metric', 'stat', 'baseline', 'current', 'change', `${Math.round(c.confidence * 100)} % interval`, 'margin', 'MDE', 'verdict'], c.metrics.map((m) => [
      m.key, m.stat, num(m.baseline ?? undefined, 2), num(m.current ?? undefined, 2), pct(m.change), `[${pct(m.lower)}, ${pct(m.upper)}]`, `±${pct(m.margin)}`, pct(m.minimumDetectableEffect), m.verdict,
    ])));
    for (const n of c.notCompared) out.push(`- not compared: ${n.key} ${n.stat} — ${n.reason}`);
    out.push('', `Source: baseline run \`${c.baselineRun}\` vs \`${c.currentRun}\`. ${methodNote(c)}`);
  }

  out.push('', ...growthSection(result));

  const tv = result.metrics.tenant_isolation_violations?.values.count;
  const overrides = result.metrics.tenant_header_overrides_token?.values.count;
  if (tv !== undefined || overrides !== undefined) {
    out.push('', '## Tenant isolation', '', `Violations: **${tv ?? 0}** (answers that exposed another tenant's job).`);
    if (overrides) out.push('', `Finding (contract §2.1, reported separately): the \`X-Tenant-ID\` header overrode the token's tenant claim in ${overrides} request(s) — any token holder can act as any tenant.`);
  }

  if (input.audit) {
    const a = input.audit;
    out.push('', '## Loss audit', '', table(['accepted', 'found', 'lost', 'stuck', 'failed', 'settled'], [[String(a.accepted), String(a.found), String(a.lost.count), String(a.stuck.count), String(a.failed.count), a.settled ? 'yes' : 'no']]));
    if (a.lost.ids.length) out.push('', `Lost: ${a.lost.ids.join(', ')}`);
    if (a.stuck.ids.length) out.push('', `Stuck: ${a.stuck.ids.join(', ')}`);
    out.push('', `Source: rows of this run's idempotency keys in Postgres (audit.json of run \`${result.runId}\`).`);
  }

  for (const d of result.drills) out.push('', `## Drill ${d.name}: ${d.status}`, '', d.reason ?? '');

  if (input.observability) {
    const o = input.observability;
    out.push('', '## Target telemetry', '', `${o.points} scrapes of /metrics and /api/observability/summary; final backlog ${o.finalBacklog ?? '–'}, max ${o.maxBacklog ?? '–'}, final stuck ${o.finalStuck ?? '–'}.`);
    for (const f of o.findings) out.push(`- ${f}`);
  }

  if (result.generator) {
    const g = result.generator;
    out.push('', '## Load generator', '', g.saturated ? '**The generator was the bottleneck**: latency and throughput of this run say nothing about the target.' : 'The generator kept its schedule.', ...(g.notes ?? []).map((n) => `- ${n}`));
  }
  if (result.notes.length) out.push('', '## Notes', '', ...result.notes.map((n) => `- ${n}`));
  return `${out.join('\n')}\n`;
}
