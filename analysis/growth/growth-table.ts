import { formatBytes, formatDuration } from './format.ts';
import type { GrowthReport, RelationGrowth } from './index.ts';

const KIND_ORDER = ['table', 'toast', 'index', 'database', 'wal'];

function pad(cells: string[][]): string[] {
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((r) => r[c]!.length)));
  return cells.map((r) => r.map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c]!))).join('  ').trimEnd());
}

const opt = (v: number | null, f: (x: number) => string) => (v === null || !Number.isFinite(v) ? '-' : f(v));

/**
 * The growth report as plain text for a terminal: one line per relation (relation, verdict,
 * model, growth per hour, bytes per event, projection, reason), then contracts, recommendations,
 * the §5.3 list and the gaps.
 */
export function renderGrowthTable(report: GrowthReport): string {
  const rank = (r: RelationGrowth) => {
    const i = KIND_ORDER.indexOf(r.kind);
    return i < 0 ? KIND_ORDER.length : i;
  };
  const rows = [...report.relations].sort((a, b) => rank(a) - rank(b) || a.relation.localeCompare(b.relation));
  const horizon = formatDuration(report.options.horizonS);
  const cells = [['relation', 'verdict', 'model', 'growth/h', 'bytes/event', `in ${horizon}`, 'reason']];
  for (const r of rows) {
    cells.push([
      r.relation,
      r.verdict,
      r.model ?? '-',
      opt(r.growthPerHour, formatBytes),
      opt(r.bytesPerEvent, (v) => `${v.toFixed(0)} B`),
      opt(r.projectedBytes, formatBytes),
      r.reason,
    ]);
  }
  const out = pad(cells);
  if (report.contracts.length > 0) {
    out.push('', 'Growth contracts:');
    for (const c of report.contracts) out.push(`  ${c.status.toUpperCase().padEnd(7)} ${c.relation} (${c.kind}): ${c.reason}`);
  }
  if (report.recommendations.length > 0) {
    out.push('', 'Recommendations:');
    for (const r of report.recommendations) out.push(`  - [${r.topic}] ${r.text} (based on: ${r.basedOn.join('; ')})`);
  }
  out.push('', `Aetheris tables contract §5.3 expects to grow without bound today: ${report.unboundedToday.join(', ')}.`);
  if (report.gaps.count > 0) out.push(`Database unreachable at ${report.gaps.count} tick(s) (@gap rows), from ${formatDuration(report.gaps.atS[0]!)}.`);
  return out.join('\n');
}
