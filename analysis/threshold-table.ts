/**
 * The single threshold table (`baselines/thresholds.json`): loading, validation (every problem at
 * once, each naming the file and JSON path), the merged k6 `options.thresholds` of a profile, the
 * compare specs the baseline comparison gates on, and the README table rendered from it.
 * Validation is hand-written against `baselines/thresholds.schema.json` (no schema library needed).
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../harness/errors.ts';
import { parseDurationMs } from '../harness/args.ts';
import { parseThresholdExpr, aggregationSupported, type ThresholdAggregation } from './threshold-expr.ts';
import { isRecord, jsonPath, parseJsonText } from './ingest/json-text.ts';
import { builtinType } from './ingest/builtin-metrics.ts';

/** A k6 threshold declaration: an expression, or the object form with abortOnFail. */
export type ThresholdDeclaration = string | { threshold: string; abortOnFail?: boolean; delayAbortEval?: string };

/** How a metric is compared with its baseline. */
export interface CompareRule {
  /** The aggregation compared (count, rate, value, avg, min, max, med, p(N)). */
  stat: string;
  /** Relative change still counted as "no regression" (0.10 = 10 %). */
  margin: number;
  /** Which direction is an improvement. */
  better: 'lower' | 'higher';
  /**
   * Smallest change that matters in absolute terms, in the statistic's unit (ms for latency): the
   * effective margin is max(margin, floor / baseline). A P95 of 2 ms moving by 1 ms is +50 % and
   * means nothing next to a 200 ms threshold; on a shared machine it is noise (docs/calibration.md).
   */
  floor?: number;
}

/** One row of the table. */
export interface ThresholdEntry {
  thresholds: ThresholdDeclaration[];
  compare?: CompareRule;
  description: string;
}

/** The whole table as stored. */
export interface ThresholdTable {
  version: 1;
  note?: string;
  defaults: Record<string, ThresholdEntry>;
  profiles: Record<string, Record<string, ThresholdEntry>>;
}

/** A compare rule bound to its metric key (what the comparison and the gate iterate over). */
export interface CompareSpec extends CompareRule {
  key: string;
  description: string;
}

/** A profile's view of the table. */
export interface ProfileThresholds {
  profile: string;
  /** Exactly what k6's `options.thresholds` expects. */
  thresholds: Record<string, ThresholdDeclaration[]>;
  compare: CompareSpec[];
  /** key → entry after merging (profile entries replace default entries of the same key). */
  entries: Record<string, ThresholdEntry>;
}

/** Default location of the table, relative to the repository root. */
export const THRESHOLD_TABLE_PATH = new URL('../baselines/thresholds.json', import.meta.url);

const METRIC_KEY_RE = /^[a-zA-Z_][a-zA-Z0-9_]{0,128}(\{[^{}]+\})?$/;
const PROFILE_RE = /^[a-z][a-z0-9-]*$/;


/** Reads and validates the table; throws one UsageError listing every problem (file + JSON path each). */
export function loadThresholdTable(path: string | URL = THRESHOLD_TABLE_PATH): ThresholdTable {
  const file = typeof path === 'string' ? path : decodeURIComponent(path.pathname);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read the threshold table (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseThresholdTable(parseJsonText(text, file), file);
}

/** Validates an already parsed table. */
export function parseThresholdTable(raw: unknown, file: string): ThresholdTable {
  const errors = validateThresholdTable(raw);
  if (errors.length > 0) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more: ${errors.slice(1).join('; ')})` : '';
    throw new UsageError(`${file}: ${errors[0]}${more}`);
  }
  return raw as ThresholdTable;
}

/** Every schema and grammar problem of a table, each as "JSONPATH: problem"; empty when valid. */
export function validateThresholdTable(raw: unknown): string[] {
  const errors: string[] = [];
  const err = (path: Array<string | number>, msg: string) => errors.push(`${jsonPath(path)}: ${msg}`);
  if (!isRecord(raw)) {
    err([], 'must be an object with version, defaults and profiles');
    return errors;
  }
  for (const key of Object.keys(raw)) if (!['$schema', 'version', 'note', 'defaults', 'profiles'].includes(key)) err([key], 'unknown property');
  if (raw.version !== 1) err(['version'], 'must be 1');
  if ('$schema' in raw && typeof raw.$schema !== 'string') err(['$schema'], 'must be a string');
  if ('note' in raw && typeof raw.note !== 'string') err(['note'], 'must be a string');
  if (!('defaults' in raw)) err(['defaults'], 'is required');
  else validateMetricTable(raw.defaults, ['defaults'], err);
  if (!('profiles' in raw)) err(['profiles'], 'is required');
  else if (!isRecord(raw.profiles)) err(['profiles'], 'must be an object (profile name → metric table)');
  else {
    for (const [name, table] of Object.entries(raw.profiles)) {
      if (!PROFILE_RE.test(name)) err(['profiles', name], 'profile names are lower-case letters, digits and "-"');
      validateMetricTable(table, ['profiles', name], err);
    }
  }
  return errors;
}

type Report = (path: Array<string | number>, msg: string) => void;

function validateMetricTable(table: unknown, at: Array<string | number>, err: Report): void {
  if (!isRecord(table)) return err(at, 'must be an object (metric key → entry)');
  for (const [key, entry] of Object.entries(table)) {
    const here = [...at, key];
    if (!METRIC_KEY_RE.test(key)) err(here, 'not a k6 metric key (name[a-zA-Z_][a-zA-Z0-9_]*, optionally {tag:value,...})');
    else if (key.includes('{')) {
      for (const pair of key.slice(key.indexOf('{') + 1, -1).split(',')) if (!pair.includes(':')) err(here, `submetric tag "${pair.trim()}" has no ":" (expected tag:value)`);
    }
    validateEntry(entry, here, builtinType(key.split('{')[0]!), err);
  }
}

function validateEntry(entry: unknown, at: Array<string | number>, type: 'counter' | 'gauge' | 'rate' | 'trend' | undefined, err: Report): void {
  if (!isRecord(entry)) return err(at, 'must be an object with thresholds and description');
  for (const key of Object.keys(entry)) if (!['thresholds', 'compare', 'description'].includes(key)) err([...at, key], 'unknown property');
  if (typeof entry.description !== 'string' || entry.description.trim() === '') err([...at, 'description'], 'must be a non-empty string');
  if (!Array.isArray(entry.thresholds)) err([...at, 'thresholds'], 'must be an array of k6 threshold expressions');
  else entry.thresholds.forEach((decl, i) => validateDeclaration(decl, [...at, 'thresholds', i], type, err));
  if ('compare' in entry) validateCompare(entry.compare, [...at, 'compare'], type, err);
}

function checkAggregation(agg: ThresholdAggregation, type: 'counter' | 'gauge' | 'rate' | 'trend' | undefined): string | undefined {
  if (type && !aggregationSupported(agg, type)) return `aggregation not supported for ${type} metrics`;
  return undefined;
}

function validateDeclaration(decl: unknown, at: Array<string | number>, type: 'counter' | 'gauge' | 'rate' | 'trend' | undefined, err: Report): void {
  let source: unknown = decl;
  if (isRecord(decl)) {
    for (const key of Object.keys(decl)) if (!['threshold', 'abortOnFail', 'delayAbortEval'].includes(key)) err([...at, key], 'unknown property');
    if ('abortOnFail' in decl && typeof decl.abortOnFail !== 'boolean') err([...at, 'abortOnFail'], 'must be a boolean');
    if ('delayAbortEval' in decl) {
      if (typeof decl.delayAbortEval !== 'string') err([...at, 'delayAbortEval'], 'must be a duration string');
      else {
        try {
          parseDurationMs(decl.delayAbortEval, 'delayAbortEval');
        } catch (e) {
          err([...at, 'delayAbortEval'], (e as Error).message.replace(/^delayAbortEval: /, ''));
        }
      }
    }
    source = decl.threshold;
    at = [...at, 'threshold'];
  }
  if (typeof source !== 'string') return err(at, 'must be a threshold expression string (or {threshold, abortOnFail, delayAbortEval})');
  const parsed = parseThresholdExpr(source);
  if (!parsed.ok) return err(at, parsed.error);
  const bad = checkAggregation(parsed.expr.aggregation, type);
  if (bad) err(at, `threshold "${source}": ${bad}`);
}

function validateCompare(compare: unknown, at: Array<string | number>, type: 'counter' | 'gauge' | 'rate' | 'trend' | undefined, err: Report): void {
  if (!isRecord(compare)) return err(at, 'must be an object {stat, margin, better}');
  for (const key of Object.keys(compare)) if (!['stat', 'margin', 'better', 'floor'].includes(key)) err([...at, key], 'unknown property');
  if (compare.floor !== undefined && (typeof compare.floor !== 'number' || !Number.isFinite(compare.floor) || compare.floor < 0)) err([...at, 'floor'], 'must be a number ≥ 0 in the statistic\'s unit (ms for latency)');
  if (typeof compare.stat !== 'string') err([...at, 'stat'], 'must be an aggregation such as p(95), avg or rate');
  else {
    const parsed = parseThresholdExpr(`${compare.stat}<0`);
    if (!parsed.ok) err([...at, 'stat'], `"${compare.stat}" is not a k6 aggregation (count, rate, value, avg, min, max, med, p(N))`);
    else {
      const bad = checkAggregation(parsed.expr.aggregation, type);
      if (bad) err([...at, 'stat'], `"${compare.stat}": ${bad}`);
    }
  }
  if (typeof compare.margin !== 'number' || !Number.isFinite(compare.margin) || compare.margin <= 0 || compare.margin > 1) {
    err([...at, 'margin'], 'must be a number in (0, 1] (0.10 = 10 %)');
  }
  if (compare.better !== 'lower' && compare.better !== 'higher') err([...at, 'better'], 'must be "lower" or "higher"');
}

/** The merged view of one profile: defaults, with the profile's own entries replacing same-key defaults. */
export function profileThresholds(table: ThresholdTable, profile: string): ProfileThresholds {
  const entries: Record<string, ThresholdEntry> = { ...table.defaults, ...(table.profiles[profile] ?? {}) };
  const thresholds: Record<string, ThresholdDeclaration[]> = {};
  const compare: CompareSpec[] = [];
  for (const [key, entry] of Object.entries(entries)) {
    if (entry.thresholds.length > 0) thresholds[key] = entry.thresholds.map((d) => (typeof d === 'string' ? d : { ...d }));
    if (entry.compare) compare.push({ key, ...entry.compare, description: entry.description });
  }
  return { profile, thresholds, compare, entries };
}

/** The source text of a declaration. */
export function declarationSource(decl: ThresholdDeclaration): string {
  return typeof decl === 'string' ? decl : decl.threshold;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** Renders the README threshold table (Markdown): one row per metric key and where it applies. */
export function renderThresholdTableMarkdown(table: ThresholdTable): string {
  const lines = [
    '| metric | applies to | thresholds (k6) | baseline comparison | what it means |',
    '|---|---|---|---|---|',
  ];
  const row = (key: string, scope: string, e: ThresholdEntry) => {
    const th = e.thresholds.length ? e.thresholds.map((d) => `\`${cell(declarationSource(d))}\``).join(', ') : '—';
    const floor = e.compare?.floor ? ` or ${e.compare.floor}${/^(p\(|med|avg|min|max)/.test(e.compare.stat) ? ' ms' : ''}, whichever is larger` : '';
    const cmp = e.compare ? `${e.compare.stat}, ±${+(e.compare.margin * 100).toFixed(4)} %${floor} (${e.compare.better} is better)` : 'not compared';
    lines.push(`| \`${cell(key)}\` | ${scope} | ${th} | ${cmp} | ${cell(e.description)} |`);
  };
  for (const [key, e] of Object.entries(table.defaults)) {
    const overriddenIn = Object.keys(table.profiles).filter((p) => key in table.profiles[p]!);
    row(key, overriddenIn.length ? `all profiles except ${overriddenIn.join(', ')}` : 'all profiles', e);
  }
  for (const [profile, entries] of Object.entries(table.profiles)) for (const [key, e] of Object.entries(entries)) row(key, `\`${profile}\``, e);
  return `${lines.join('\n')}\n`;
}
