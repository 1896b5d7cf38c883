/**
 * The end-of-test text in k6's compact layout (k6 ≥ v1 default `--summary-mode=compact`): a THRESHOLDS
 * block with ✓/✗ per expression, then TOTAL RESULTS: check totals and check lines, and the metrics
 * grouped CUSTOM / HTTP / EXECUTION / NETWORK / … with dotted, aligned columns. Honours noColor.
 */
import { BUILTIN_METRICS } from './builtin-metrics.ts';
import type { SummaryGroup } from './group-tree.ts';
import type { SummaryData, SummaryMetric } from './metrics-engine.ts';
import { humanizeBytes, humanizeValue, toFixedNoTrailingZeros } from './text-format.ts';

/** Extra inputs that are not part of k6's data object. */
export interface TextSummaryOptions {
  /** Observed aggregate per threshold, keyed `${metricKey}\u0000${source}` (MetricsEngine.thresholdObservations()). */
  observations?: ReadonlyMap<string, number>;
}

// Compact mode shows only these built-ins (the others appear in k6's "full" mode only).
const SECTIONS: Array<{ title: string; metrics: string[] }> = [
  { title: 'HTTP', metrics: ['http_req_duration', 'http_req_failed', 'http_reqs'] },
  { title: 'EXECUTION', metrics: ['dropped_iterations', 'iteration_duration', 'iterations', 'vus', 'vus_max'] },
  { title: 'NETWORK', metrics: ['data_received', 'data_sent'] },
  { title: 'WEBSOCKET', metrics: ['ws_connecting', 'ws_msgs_received', 'ws_msgs_sent', 'ws_session_duration', 'ws_sessions'] },
  { title: 'GRPC', metrics: ['grpc_req_duration'] },
];
const BUILTIN_NAMES = new Set(BUILTIN_METRICS.map((m) => m.name));

interface Painter {
  ok(s: string): string;
  bad(s: string): string;
  value(s: string): string;
  dim(s: string): string;
}

function painter(noColor: boolean): Painter {
  const wrap = (code: number) => (s: string) => (noColor ? s : `\x1b[${code}m${s}\x1b[0m`);
  return { ok: wrap(32), bad: wrap(31), value: wrap(36), dim: wrap(90) };
}

const parentOf = (key: string): string => (key.includes('{') ? key.slice(0, key.indexOf('{')) : key);

/** The value columns of one metric line (before alignment). */
function columns(m: SummaryMetric, data: SummaryData): string[] {
  const unit = data.options.summaryTimeUnit;
  const v = m.values;
  const h = (x: number): string => humanizeValue(x, m.contains, m.type, unit);
  switch (m.type) {
    case 'counter':
      return [h(v.count ?? 0), `${m.contains === 'data' ? humanizeBytes(v.rate ?? 0) : toFixedNoTrailingZeros(v.rate ?? 0, 6)}/s`];
    case 'gauge':
      return [h(v.value ?? 0), `min=${h(v.min ?? 0)}`, `max=${h(v.max ?? 0)}`];
    case 'rate':
      return [h(v.rate ?? 0), `${v.passes ?? 0} out of ${(v.passes ?? 0) + (v.fails ?? 0)}`];
    case 'trend':
      return data.options.summaryTrendStats.filter((s) => s in v).map((s) => `${s}=${h(v[s]!)}`);
  }
}

interface Row {
  label: string;
  cols: string[];
  /** Trend rows align their stat columns among themselves, other rows among themselves (as k6 does). */
  trend: boolean;
}

/** Renders rows "name....: col col" with one label width for the whole summary and padded columns. */
function renderRows(rows: readonly Row[], labelWidth: number, p: Painter, indent: string): string[] {
  const widths = { trend: [] as number[], other: [] as number[] };
  for (const r of rows) {
    const w = r.trend ? widths.trend : widths.other;
    r.cols.forEach((c, i) => (w[i] = Math.max(w[i] ?? 0, [...c].length)));
  }
  return rows.map((r) => {
    const w = r.trend ? widths.trend : widths.other;
    const dots = '.'.repeat(Math.max(labelWidth - r.label.length, 3));
    const cols = r.cols.map((c, i) => (i === r.cols.length - 1 ? c : c + ' '.repeat(w[i]! - [...c].length))).map(p.value);
    return `${indent}${r.label}${p.dim(dots)}: ${cols.join(' ')}`.trimEnd();
  });
}

function allChecks(g: SummaryGroup, out: Array<{ name: string; passes: number; fails: number }>): void {
  for (const c of g.checks) out.push(c);
  for (const child of g.groups) allChecks(child, out);
}

/** k6's compact end-of-test summary text. */
export function textSummary(data: SummaryData, opts: TextSummaryOptions = {}): string {
  const p = painter(data.options.noColor);
  const lines: string[] = [''];
  const keys = Object.keys(data.metrics).sort();
  const withThresholds = keys.filter((k) => data.metrics[k]!.thresholds);
  if (withThresholds.length > 0) {
    lines.push('  █ THRESHOLDS', '');
    for (const k of withThresholds) {
      const m = data.metrics[k]!;
      lines.push(`    ${k}`);
      for (const [src, t] of Object.entries(m.thresholds!)) {
        const observed = opts.observations?.get(`${k}\u0000${src}`);
        const agg = src.split(/<=|<|>=|>|===|==|!=/)[0]!.trim();
        const shown = observed === undefined ? '' : ` ${agg}=${humanizeValue(observed, m.contains, m.type === 'counter' && agg === 'rate' ? 'counter' : m.type, data.options.summaryTimeUnit)}`;
        lines.push(`    ${t.ok ? p.ok('✓') : p.bad('✗')} '${src}'${shown}`);
      }
      lines.push('');
    }
    lines.push('');
  }
  lines.push('  █ TOTAL RESULTS', '');
  const checks: Array<{ name: string; passes: number; fails: number }> = [];
  allChecks(data.root_group, checks);
  const checksMetric = data.metrics.checks;
  const checkRows: Row[] = [];
  if (checksMetric) {
    const passes = checksMetric.values.passes ?? 0;
    const total = passes + (checksMetric.values.fails ?? 0);
    const secs = data.state.testRunDurationMs / 1000;
    const pct = (x: number): string => `${total > 0 ? ((x / total) * 100).toFixed(2) : '0.00'}%`;
    checkRows.push(
      { label: 'checks_total', cols: [String(total), `${toFixedNoTrailingZeros(secs > 0 ? total / secs : 0, 6)}/s`], trend: false },
      { label: 'checks_succeeded', cols: [pct(passes), `${passes} out of ${total}`], trend: false },
      { label: 'checks_failed', cols: [pct(total - passes), `${total - passes} out of ${total}`], trend: false },
    );
  }
  const custom = [...new Set(keys.map(parentOf))].filter((k) => !BUILTIN_NAMES.has(k));
  const sections = [{ title: 'CUSTOM', metrics: custom }, ...SECTIONS].map((section) => {
    const rows: Row[] = [];
    for (const name of section.metrics) {
      for (const k of keys.filter((key) => parentOf(key) === name)) {
        const m = data.metrics[k]!;
        rows.push({ label: k === name ? k : `  { ${k.slice(name.length + 1, -1)} }`, cols: columns(m, data), trend: m.type === 'trend' });
      }
    }
    return { title: section.title, rows };
  });
  const allRows = [...checkRows, ...sections.flatMap((s) => s.rows)];
  const labelWidth = Math.max(0, ...allRows.map((r) => r.label.length)) + 3;
  // Columns line up across the whole summary; render once, then cut back into blocks.
  const rendered = renderRows(allRows, labelWidth, p, '    ');
  let at = 0;
  const take = (n: number): string[] => rendered.slice(at, (at += n));
  if (checkRows.length > 0) {
    lines.push(...take(checkRows.length), '');
    for (const c of checks) {
      if (c.fails === 0) lines.push(`    ${p.ok('✓')} ${c.name}`);
      else {
        const n = c.passes + c.fails;
        lines.push(`    ${p.bad('✗')} ${c.name}`, `      ${p.dim(`↳  ${Math.floor((c.passes / n) * 100)}% — ✓ ${c.passes} / ✗ ${c.fails}`)}`);
      }
    }
    if (checks.length > 0) lines.push('');
  }
  for (const section of sections) {
    if (section.rows.length === 0) continue;
    lines.push(`    ${section.title}`, ...take(section.rows.length), '');
  }
  return `${lines.join('\n')}\n`;
}
