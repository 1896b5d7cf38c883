/**
 * Normalises k6's three end-of-test summary shapes into one: handleSummary `data` (§1, `{ok:true}` =
 * passed), legacy `--summary-export` (§2, flattened metrics, threshold `true` = FAILED, type sniffed
 * from the value keys, pre-v0.30 Rate `value` always 0) and the machine-readable summary 1.0.0 (§1.7,
 * metrics array, rate `matches`/`total`, `p90`-style keys, no thresholds).
 */
import { isRecord } from './json-text.ts';
import type { InputFormat, MetricContains, MetricType, ResultCheck } from '../result/types.ts';

/** One metric of a summary, whatever the input shape. */
export interface SummaryMetric {
  type: MetricType;
  contains: MetricContains;
  values: Record<string, number>;
  /** threshold source → passed (polarity already normalised). */
  thresholds: Record<string, boolean>;
}

/** A summary in one shape. */
export interface NormalizedSummary {
  format: InputFormat;
  metrics: Record<string, SummaryMetric>;
  checks: ResultCheck[];
  durationMs: number | null;
  notes: string[];
}

/** Which summary shape a parsed JSON document has (k6-reference §11.2), or undefined. */
export function summaryShape(doc: unknown): InputFormat | undefined {
  if (!isRecord(doc)) return undefined;
  if (typeof doc.version === 'string' && isRecord(doc.results) && Array.isArray(doc.results.metrics)) return 'k6-machine-readable-summary';
  if (!isRecord(doc.metrics) || !('root_group' in doc)) return undefined;
  const metrics = Object.values(doc.metrics);
  if (metrics.length > 0 && metrics.every((m) => isRecord(m) && typeof m.type === 'string' && isRecord(m.values))) return 'k6-handle-summary';
  if (metrics.every((m) => isRecord(m) && !('values' in m))) return 'k6-summary-export';
  if (metrics.length === 0) return 'options' in doc || 'state' in doc ? 'k6-handle-summary' : 'k6-summary-export';
  return undefined;
}

function numbersOnly(values: unknown, where: string): Record<string, number> {
  if (!isRecord(values)) throw new Error(`${where}: values must be an object`);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v !== 'number') throw new Error(`${where}.${k}: must be a number`);
    out[k] = v;
  }
  return out;
}

const TYPES = new Set(['counter', 'gauge', 'rate', 'trend']);
const CONTAINS = new Set(['default', 'time', 'data']);

/** Collects checks from a handleSummary group tree (arrays) or a legacy export tree (objects keyed by name). */
function collectChecks(group: unknown, out: ResultCheck[], where: string): void {
  if (!isRecord(group)) return;
  const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : isRecord(v) ? Object.values(v) : []);
  for (const c of asList(group.checks)) {
    if (!isRecord(c) || typeof c.passes !== 'number' || typeof c.fails !== 'number') throw new Error(`${where}.checks: each check needs numeric passes and fails`);
    out.push({ name: String(c.name ?? ''), path: String(c.path ?? `::${String(c.name ?? '')}`), passes: c.passes, fails: c.fails });
  }
  for (const g of asList(group.groups)) collectChecks(g, out, `${where}.groups`);
}

/** Reads a handleSummary `data` object. Throws Error with a JSON path on bad content. */
export function readHandleSummary(doc: Record<string, unknown>): NormalizedSummary {
  const metrics: Record<string, SummaryMetric> = {};
  for (const [key, m] of Object.entries(doc.metrics as Record<string, any>)) {
    const at = `$.metrics[${JSON.stringify(key)}]`;
    if (!TYPES.has(m.type)) throw new Error(`${at}.type: must be counter, gauge, rate or trend`);
    const thresholds: Record<string, boolean> = {};
    if (m.thresholds !== undefined) {
      if (!isRecord(m.thresholds)) throw new Error(`${at}.thresholds: must be an object`);
      for (const [src, r] of Object.entries(m.thresholds)) {
        if (!isRecord(r) || typeof r.ok !== 'boolean') throw new Error(`${at}.thresholds[${JSON.stringify(src)}]: must be {ok: boolean}`);
        thresholds[src] = r.ok;
      }
    }
    metrics[key] = { type: m.type, contains: CONTAINS.has(m.contains) ? m.contains : 'default', values: numbersOnly(m.values, `${at}.values`), thresholds };
  }
  const checks: ResultCheck[] = [];
  collectChecks(doc.root_group, checks, '$.root_group');
  const state = isRecord(doc.state) ? doc.state : undefined;
  const durationMs = state && typeof state.testRunDurationMs === 'number' ? state.testRunDurationMs : null;
  return { format: 'k6-handle-summary', metrics, checks, durationMs, notes: [] };
}

/** Sniffs a flattened export metric's type from its keys (k6-reference §2). */
function sniffType(values: Record<string, unknown>): MetricType {
  if ('passes' in values && 'fails' in values) return 'rate';
  if ('count' in values && 'rate' in values) return 'counter';
  if ('value' in values && 'min' in values && 'max' in values) return 'gauge';
  if ('count' in values && Object.keys(values).every((k) => k === 'count' || k === 'thresholds')) return 'counter';
  return 'trend';
}

/** Reads a legacy `--summary-export` file, inverting its threshold booleans (true there = failed). */
export function readSummaryExport(doc: Record<string, unknown>): NormalizedSummary {
  const metrics: Record<string, SummaryMetric> = {};
  const notes: string[] = [];
  for (const [key, m] of Object.entries(doc.metrics as Record<string, any>)) {
    const at = `$.metrics[${JSON.stringify(key)}]`;
    if (!isRecord(m)) throw new Error(`${at}: must be an object`);
    const { thresholds: rawThresholds, ...rest } = m;
    const type = sniffType(rest);
    const values = numbersOnly(rest, at);
    if (type === 'rate') {
      const total = values.passes! + values.fails!;
      let rate = values.value ?? 0;
      if (rate === 0 && values.passes! > 0) {
        rate = values.passes! / total;
        notes.push(`${key}: "value" 0 with ${values.passes} passes is the pre-v0.30 export bug; rate recomputed from passes/fails`);
      }
      delete values.value;
      values.rate = rate;
    }
    const thresholds: Record<string, boolean> = {};
    if (rawThresholds !== undefined) {
      if (!isRecord(rawThresholds)) throw new Error(`${at}.thresholds: must be an object`);
      for (const [src, failed] of Object.entries(rawThresholds)) {
        if (typeof failed !== 'boolean') throw new Error(`${at}.thresholds[${JSON.stringify(src)}]: must be a boolean (true = failed)`);
        thresholds[src] = !failed;
      }
    }
    metrics[key] = { type, contains: 'default', values, thresholds };
  }
  const checks: ResultCheck[] = [];
  collectChecks(doc.root_group, checks, '$.root_group');
  notes.push('legacy --summary-export: metric types sniffed from value keys, units ("contains") unknown');
  return { format: 'k6-summary-export', metrics, checks, durationMs: null, notes };
}

/** Reads a machine-readable summary (schema 1.0.0). It has no thresholds: pass/fail must come from the exit code or the table. */
export function readMachineReadableSummary(doc: Record<string, any>): NormalizedSummary {
  const metrics: Record<string, SummaryMetric> = {};
  const durationMs = isRecord(doc.config) && typeof doc.config.duration === 'number' ? doc.config.duration * 1000 : null;
  const list = doc.results.metrics as unknown[];
  list.forEach((m: any, i) => {
    const at = `$.results.metrics[${i}]`;
    if (!isRecord(m) || typeof m.name !== 'string' || !TYPES.has(m.type as string)) throw new Error(`${at}: needs name and type`);
    const raw = numbersOnly(m.values, `${at}.values`);
    const values: Record<string, number> = {};
    for (const [k, v] of Object.entries(raw)) values[/^p\d/.test(k) ? `p(${k.slice(1)})` : k] = v;
    if (m.type === 'rate') {
      const matches = values.matches ?? 0;
      const total = values.total ?? 0;
      delete values.matches;
      delete values.total;
      Object.assign(values, { passes: matches, fails: total - matches, rate: values.rate ?? (total > 0 ? matches / total : 0) });
    }
    if (m.type === 'counter' && durationMs && durationMs > 0 && values.count !== undefined) values.rate = values.count / (durationMs / 1000);
    metrics[m.name] = { type: m.type as MetricType, contains: CONTAINS.has(m.contains as string) ? (m.contains as MetricContains) : 'default', values, thresholds: {} };
  });
  const checks: ResultCheck[] = [];
  const results = isRecord(doc.results.checks) && Array.isArray(doc.results.checks.results) ? doc.results.checks.results : [];
  for (const c of results) {
    if (!isRecord(c) || typeof c.passes !== 'number' || typeof c.fails !== 'number') throw new Error('$.results.checks.results: each check needs numeric passes and fails');
    checks.push({ name: String(c.name), path: `::${String(c.name)}`, passes: c.passes, fails: c.fails });
  }
  return { format: 'k6-machine-readable-summary', metrics, checks, durationMs, notes: ['machine-readable summary 1.0.0 carries no thresholds and only avg/min/med/max/p(90)/p(95) of trends'] };
}
