/**
 * handleSummary for every workload: the k6 summary data object goes to AB_SUMMARY_FILE (the run
 * directory's summary.json) and a compact text table to stdout. Defining handleSummary replaces
 * k6's own end-of-test text, so the text here covers every metric and every threshold.
 */
import type { WorkloadEnv } from './env.ts';

interface MetricData {
  type: string;
  contains?: string;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

function fmt(v: number, time: boolean): string {
  if (time) return v >= 1000 ? `${(v / 1000).toFixed(2)}s` : `${v.toFixed(2)}ms`;
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}

/** One line per metric (sorted), thresholds marked ✓ / ✗. */
export function summaryText(data: { metrics?: Record<string, MetricData> }): string {
  const lines: string[] = [];
  for (const name of Object.keys(data.metrics ?? {}).sort()) {
    const m = data.metrics![name]!;
    const vals = Object.entries(m.values).map(([k, v]) => `${k}=${fmt(v, m.contains === 'time' && m.type === 'trend' && k !== 'count')}`).join(' ');
    lines.push(`  ${name.padEnd(48)} ${vals}`);
    for (const [expr, t] of Object.entries(m.thresholds ?? {})) lines.push(`    ${t.ok ? '✓' : '✗'} ${expr}`);
  }
  return `\n${lines.join('\n')}\n`;
}

/** The handleSummary return map: stdout text, plus the data object as JSON when AB_SUMMARY_FILE is set. */
export function summaryOutputs(data: unknown, env: WorkloadEnv): Record<string, string> {
  const out: Record<string, string> = { stdout: summaryText(data as { metrics?: Record<string, MetricData> }) };
  if (env.summaryFile) out[env.summaryFile] = JSON.stringify(data, null, 2);
  return out;
}
