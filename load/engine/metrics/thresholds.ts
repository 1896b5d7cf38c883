/**
 * options.thresholds: normalisation (strings and {threshold, abortOnFail, delayAbortEval}), submetric
 * keys, validation that lists EVERY problem at once, and evaluation per k6 (k6-reference.md §5.3).
 */
import { parseDurationMs } from '../../../harness/args.ts';
import {
  aggregationSupported,
  evaluateThresholdExpr,
  parseThresholdExpr,
  AGGREGATIONS_BY_TYPE,
  type ThresholdExpr,
} from '../../../analysis/threshold-expr.ts';
import type { MetricDef, MetricsEngineOptions, ThresholdDecl, ThresholdResult } from './contract.ts';
import { parseMetricKey, type MetricKey } from './submetric-key.ts';

/** One declared threshold with its parsed expression (undefined when the expression is invalid). */
export interface ParsedThreshold {
  decl: ThresholdDecl;
  expr?: ThresholdExpr;
  /** True when delayAbortEval was given (k6 then writes it into the NDJSON Metric line). */
  hasDelay: boolean;
}

/** All thresholds declared under one key of options.thresholds. */
export interface ThresholdGroup {
  /** The key as the script wrote it. */
  declaredKey: string;
  /** The parsed key, or undefined when malformed. */
  key?: MetricKey;
  /** Summary/metric key: the metric name or k6's normalised submetric name. */
  summaryKey: string;
  thresholds: ParsedThreshold[];
}

/** Normalised thresholds plus every problem found while reading them. */
export interface NormalizedThresholds {
  groups: ThresholdGroup[];
  errors: string[];
}

function readDelay(raw: unknown, where: string, errors: string[]): number {
  if (raw === undefined || raw === null) return 0;
  if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) return raw;
  if (typeof raw === 'string') {
    try {
      return parseDurationMs(raw, where);
    } catch {
      /* reported below */
    }
  }
  errors.push(`${where}: delayAbortEval ${JSON.stringify(raw)} is not a duration (examples: 10s, 1m30s, 500ms)`);
  return 0;
}

/** Reads options.thresholds into groups; malformed keys, entries, expressions and delays become errors. */
export function normalizeThresholds(raw: MetricsEngineOptions['thresholds'] | undefined): NormalizedThresholds {
  const groups: ThresholdGroup[] = [];
  const errors: string[] = [];
  if (raw === undefined || raw === null) return { groups, errors };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { groups, errors: ['thresholds: must be an object mapping metric names to arrays'] };
  for (const [declaredKey, list] of Object.entries(raw)) {
    const key = parseMetricKey(declaredKey);
    if (typeof key === 'string') errors.push(key);
    const parsedKey = typeof key === 'string' ? undefined : key;
    const group: ThresholdGroup = {
      declaredKey,
      key: parsedKey,
      summaryKey: parsedKey?.submetric?.name ?? declaredKey,
      thresholds: [],
    };
    groups.push(group);
    if (!Array.isArray(list)) {
      errors.push(`thresholds["${declaredKey}"]: must be an array of expressions or {threshold, abortOnFail, delayAbortEval} objects`);
      continue;
    }
    list.forEach((entry: unknown, i: number) => {
      const where = `thresholds["${declaredKey}"][${i}]`;
      let source: string;
      let abortOnFail = false;
      let delayAbortEvalMs = 0;
      let hasDelay = false;
      if (typeof entry === 'string') source = entry;
      else if (entry && typeof entry === 'object' && typeof (entry as { threshold?: unknown }).threshold === 'string') {
        const e = entry as { threshold: string; abortOnFail?: unknown; delayAbortEval?: unknown };
        source = e.threshold;
        if (e.abortOnFail !== undefined && typeof e.abortOnFail !== 'boolean') errors.push(`${where}: abortOnFail must be true or false`);
        abortOnFail = e.abortOnFail === true;
        hasDelay = e.delayAbortEval !== undefined && e.delayAbortEval !== null;
        delayAbortEvalMs = readDelay(e.delayAbortEval, where, errors);
      } else {
        errors.push(`${where}: must be an expression string or an object with a "threshold" string`);
        return;
      }
      const parsed = parseThresholdExpr(source);
      if (!parsed.ok) errors.push(`thresholds["${declaredKey}"]: ${parsed.error}`);
      group.thresholds.push({ decl: { source, abortOnFail, delayAbortEvalMs }, expr: parsed.ok ? parsed.expr : undefined, hasDelay });
    });
  }
  return { groups, errors };
}

/** Checks the groups against the registered metrics: unknown metric, aggregation not valid for its type. */
export function validateThresholdMetrics(groups: readonly ThresholdGroup[], lookup: (name: string) => MetricDef | undefined): string[] {
  const errors: string[] = [];
  for (const g of groups) {
    if (!g.key) continue;
    const def = lookup(g.key.metric);
    if (!def) {
      errors.push(`thresholds["${g.declaredKey}"]: no metric named "${g.key.metric}" (custom metrics must be created in the init context)`);
      continue;
    }
    for (const t of g.thresholds) {
      if (t.expr && !aggregationSupported(t.expr.aggregation, def.type)) {
        const agg = t.expr.aggregation.kind === 'percentile' ? 'p(N)' : t.expr.aggregation.kind;
        errors.push(
          `thresholds["${g.declaredKey}"]: "${t.decl.source}" uses ${agg}, which a ${def.type} metric does not support (allowed: ${AGGREGATIONS_BY_TYPE[def.type].join(', ')})`,
        );
      }
    }
  }
  return errors;
}

/** The percentiles (0..100) a group's trend thresholds need. */
export function percentilesNeeded(group: ThresholdGroup): number[] {
  const out: number[] = [];
  for (const t of group.thresholds) if (t.expr?.aggregation.kind === 'percentile') out.push(t.expr.aggregation.percentile);
  return out;
}

/** Evaluates a group against its sink's threshold values; an absent value passes (k6). */
export function evaluateGroup(group: ThresholdGroup, values: Readonly<Record<string, number>>): ThresholdResult[] {
  return group.thresholds.map((t) => {
    const r = t.expr ? evaluateThresholdExpr(t.expr, values) : { ok: true };
    return { key: group.summaryKey, source: t.decl.source, ok: r.ok, observed: r.observed, abortOnFail: t.decl.abortOnFail, delayAbortEvalMs: t.decl.delayAbortEvalMs };
  });
}

/** True when a failed result asks to abort the run now: abortOnFail set and its delay elapsed (k6 RunAll). */
export function shouldAbort(results: readonly ThresholdResult[], elapsedMs: number): boolean {
  return results.some((r) => !r.ok && r.abortOnFail && elapsedMs >= r.delayAbortEvalMs);
}

/** Go's time.Duration.String() for a millisecond count ("10s", "1m30s", "500ms"), as k6 writes delayAbortEval. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${+ms.toFixed(6)}ms`;
  let rest = ms / 1000;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  rest -= m * 60;
  const s = `${+rest.toFixed(9)}s`;
  return h > 0 ? `${h}h${m}m${s}` : m > 0 ? `${m}m${s}` : s;
}
