/**
 * Turns one or several k6 summaries into the measurement part of a result. One summary is taken as
 * k6 wrote it (its threshold flags are k6's own verdict). Several summaries are several runners:
 * counts, rates, min and max merge exactly, avg only when every runner reported `count`; medians and
 * percentiles cannot be merged from summaries and are listed as such (raw NDJSON/CSV can).
 */
import { evaluateThresholdExpr, parseThresholdExpr, aggregationSupported } from '../threshold-expr.ts';
import type { ResultCheck, ResultMetric, ResultThreshold } from '../result/types.ts';
import type { NormalizedSummary, SummaryMetric } from './k6-summary-readers.ts';

/** Measurement part built from summaries. */
export interface SummaryMeasurements {
  metrics: Record<string, ResultMetric>;
  checks: ResultCheck[];
  thresholds: ResultThreshold[];
  durationMs: number | null;
  notes: string[];
}

function observedOf(source: string, values: Record<string, number>): number | undefined {
  const p = parseThresholdExpr(source);
  return p.ok ? evaluateThresholdExpr(p.expr, values).observed : undefined;
}

/** Merges the same metric from several runners; returns values and the stats that could not be merged. */
export function mergeSummaryMetric(parts: readonly SummaryMetric[]): { values: Record<string, number>; unmergeable: string[] } {
  const first = parts[0]!;
  const sum = (k: string) => parts.reduce((a, p) => a + (p.values[k] ?? 0), 0);
  const all = (k: string) => parts.every((p) => typeof p.values[k] === 'number');
  const unmergeable = new Set<string>();
  const values: Record<string, number> = {};
  switch (first.type) {
    case 'counter':
      values.count = sum('count');
      if (all('rate')) values.rate = sum('rate'); // runners run side by side over the same period
      break;
    case 'rate': {
      values.passes = sum('passes');
      values.fails = sum('fails');
      const total = values.passes + values.fails;
      values.rate = total > 0 ? values.passes / total : 0;
      break;
    }
    case 'gauge':
      if (all('min')) values.min = Math.min(...parts.map((p) => p.values.min!));
      if (all('max')) values.max = Math.max(...parts.map((p) => p.values.max!));
      unmergeable.add('value');
      break;
    case 'trend': {
      if (all('min')) values.min = Math.min(...parts.map((p) => p.values.min!));
      if (all('max')) values.max = Math.max(...parts.map((p) => p.values.max!));
      if (all('count')) {
        values.count = sum('count');
        if (all('avg') && values.count > 0) values.avg = parts.reduce((a, p) => a + p.values.avg! * p.values.count!, 0) / values.count;
      } else if (parts.some((p) => 'avg' in p.values)) unmergeable.add('avg');
      for (const p of parts) for (const k of Object.keys(p.values)) if (k === 'med' || k.startsWith('p(')) unmergeable.add(k);
      break;
    }
  }
  return { values, unmergeable: [...unmergeable].sort() };
}

/** Builds metrics, checks and thresholds from the summaries of one or more runners. */
export function summariesToMeasurements(summaries: ReadonlyArray<{ path: string; summary: NormalizedSummary }>, runId: string): SummaryMeasurements {
  const notes = summaries.flatMap((s) => s.summary.notes.map((n) => `${s.path}: ${n}`));
  const single = summaries.length === 1;
  const byKey = new Map<string, Array<{ path: string; m: SummaryMetric }>>();
  for (const { path, summary } of summaries) for (const [key, m] of Object.entries(summary.metrics)) {
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key)!.push({ path, m });
  }
  const metrics: Record<string, ResultMetric> = {};
  const thresholds: ResultThreshold[] = [];
  const unmergeableAll = new Set<string>();
  for (const [key, parts] of byKey) {
    const first = parts[0]!.m;
    if (parts.some((p) => p.m.type !== first.type)) throw new Error(`metric "${key}" has different types in ${parts.map((p) => p.path).join(', ')}`);
    const merged = single ? { values: { ...first.values }, unmergeable: [] } : mergeSummaryMetric(parts.map((p) => p.m));
    const count = merged.values.count ?? (first.type === 'rate' ? merged.values.passes! + merged.values.fails! : undefined);
    metrics[key] = {
      type: first.type,
      contains: first.contains,
      values: merged.values,
      ...(merged.unmergeable.length ? { unmergeable: merged.unmergeable } : {}),
      provenance: { run: runId, sources: parts.map((p) => p.path), samples: first.type === 'trend' || first.type === 'rate' ? (count ?? null) : null, window: null, method: single ? 'k6-summary' : 'summary-merge' },
    };
    for (const u of merged.unmergeable) unmergeableAll.add(`${key} ${u}`);
    const sources = [...new Set(parts.flatMap((p) => Object.keys(p.m.thresholds)))];
    for (const source of sources) {
      const flags = parts.filter((p) => source in p.m.thresholds).map((p) => p.m.thresholds[source]!);
      const parsed = parseThresholdExpr(source);
      const reevaluable = !single && parsed.ok && aggregationSupported(parsed.expr.aggregation, first.type) && evaluateThresholdExpr(parsed.expr, merged.values).observed !== undefined;
      if (reevaluable && parsed.ok) {
        const r = evaluateThresholdExpr(parsed.expr, merged.values);
        thresholds.push({ key, source, ok: r.ok, ...(r.observed !== undefined ? { observed: r.observed } : {}), evaluatedBy: 'aetheris-bench', origin: 'k6-summary' });
      } else {
        const observed = single ? observedOf(source, merged.values) : undefined;
        thresholds.push({ key, source, ok: flags.every(Boolean), ...(observed !== undefined ? { observed } : {}), evaluatedBy: 'k6', origin: 'k6-summary' });
        if (!single) notes.push(`threshold ${key} "${source}" cannot be re-evaluated over merged summaries; it counts as passed only because/if every runner passed it on its own`);
      }
    }
  }
  if (unmergeableAll.size > 0) notes.push(`not mergeable from ${summaries.length} summaries (ingest the runners' --out json/csv files for exact values): ${[...unmergeableAll].join(', ')}`);
  const checkMap = new Map<string, ResultCheck>();
  for (const { summary } of summaries) for (const c of summary.checks) {
    const have = checkMap.get(c.path);
    if (have) {
      have.passes += c.passes;
      have.fails += c.fails;
    } else checkMap.set(c.path, { ...c });
  }
  const durations = summaries.map((s) => s.summary.durationMs).filter((d): d is number => d !== null);
  return { metrics, checks: [...checkMap.values()], thresholds, durationMs: durations.length ? Math.max(...durations) : null, notes };
}
