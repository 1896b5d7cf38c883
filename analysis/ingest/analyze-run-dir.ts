/**
 * `aetheris-bench analyze RUN_DIR`: rebuilds result.json from what a run wrote, including a run
 * killed half way (an unterminated last line is skipped and noted; a missing summary means the
 * thresholds of the profile are evaluated here over the per-second data instead).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UsageError } from '../../harness/errors.ts';
import { RUN_FILES } from '../../harness/run-dir.ts';
import { emptyResult, thresholdsVerdict } from '../result/empty-result.ts';
import type { DrillResult, RunResult } from '../result/types.ts';
import type { ProfileThresholds } from '../threshold-table.ts';
import { checksFromTagSets } from './checks-from-samples.ts';
import { growthFromSamples } from './growth-bridge.ts';
import { newRawContext } from './ingest-files.ts';
import { isRecord, parseJsonText } from './json-text.ts';
import { readK6Ndjson } from './k6-ndjson-reader.ts';
import { readHandleSummary } from './k6-summary-readers.ts';
import { buildRawMeasurements } from './raw-to-result.ts';
import { summariesToMeasurements } from './summary-to-result.ts';
import { readTimeseries } from './timeseries-reader.ts';

/** Options of an analysis. */
export interface AnalyzeOptions {
  /** Table thresholds for the run's profile, used when the run has no summary (killed before the end). */
  tableFor?: (profile: string) => ProfileThresholds | undefined;
}

function readJson(path: string): unknown {
  return parseJsonText(readFileSync(path, 'utf8'), path);
}

/** The first existing of `name` and `name.gz`. */
function existing(dir: string, name: string): string | undefined {
  for (const p of [join(dir, name), join(dir, `${name}.gz`)]) if (existsSync(p)) return p;
  return undefined;
}

/** Builds the result of a run directory. */
export async function analyzeRunDir(dir: string, opts: AnalyzeOptions = {}): Promise<RunResult> {
  if (!existsSync(dir)) throw new UsageError(`${dir}: no such run directory`);
  const manifestPath = join(dir, RUN_FILES.manifest);
  const manifest = existsSync(manifestPath) ? readJson(manifestPath) : null;
  if (manifest !== null && !isRecord(manifest)) throw new UsageError(`${manifestPath}:1:1: manifest must be a JSON object`);
  const runId = typeof manifest?.runId === 'string' ? manifest.runId : basename(dir);
  const result = emptyResult(runId, 'run-dir');
  result.manifest = manifest;
  result.fingerprint = isRecord(manifest?.fingerprint) ? (manifest.fingerprint as unknown as RunResult['fingerprint']) : null;
  if (!manifest) result.notes.push('no manifest.json: no fingerprint, so this result cannot be compared with a baseline without --allow-incomparable');
  if (manifest) result.source.files.push({ path: manifestPath, format: 'manifest' });
  const profile = typeof manifest?.profile === 'string' ? manifest.profile : undefined;
  const table = profile ? opts.tableFor?.(profile) : undefined;

  const summaryPath = join(dir, RUN_FILES.summary);
  let summary;
  let rawSummary: unknown = null;
  if (existsSync(summaryPath)) {
    const doc = readJson(summaryPath);
    rawSummary = doc;
    if (!isRecord(doc) || !isRecord(doc.metrics)) throw new UsageError(`${summaryPath}:1:1: not a k6 handleSummary data object (needs metrics)`);
    try {
      summary = readHandleSummary(doc);
    } catch (err) {
      throw new UsageError(`${summaryPath}: ${(err as Error).message}`);
    }
    result.source.files.push({ path: summaryPath, format: 'k6-handle-summary' });
  }

  const ctx = newRawContext();
  const timeseries = existing(dir, RUN_FILES.timeseries);
  const ndjson = timeseries ? undefined : existing(dir, RUN_FILES.metrics);
  if (!summary && table) for (const [key, decls] of Object.entries(table.thresholds)) for (const d of decls) ctx.thresholds.add(key, d, 'threshold-table');
  for (const [path, format, read] of [[timeseries, 'aetheris-timeseries', readTimeseries], [ndjson, 'k6-ndjson', readK6Ndjson]] as const) {
    if (!path) continue;
    const r = await read(path, ctx);
    result.source.files.push({ path, format, lines: r.lines });
    if (r.truncated) result.source.truncated = true;
  }
  const hasRaw = Boolean(timeseries || ndjson);
  result.source.runners = hasRaw || summary ? 1 : 0;
  const fromSummary = summary ? summariesToMeasurements([{ path: summaryPath, summary }], runId) : undefined;
  if (hasRaw) {
    const m = buildRawMeasurements(ctx, {
      runId,
      sources: result.source.files.filter((f) => f.format === 'aetheris-timeseries' || f.format === 'k6-ndjson').map((f) => f.path),
      method: timeseries ? 'hdr-from-timeseries' : 'hdr-from-samples',
      extraKeys: [...(table?.compare.map((c) => c.key) ?? []), ...Object.keys(fromSummary?.metrics ?? {})],
      extraStats: table?.compare.map((c) => c.stat),
      durationMs: fromSummary?.durationMs ?? null,
    });
    Object.assign(result, { window: m.window, durationMs: m.durationMs, tagSets: m.tagSets, series: m.series });
    // Exact per-second data wins; summary metrics the series do not hold are kept as k6/the engine reported them.
    result.metrics = { ...(fromSummary?.metrics ?? {}), ...m.metrics };
    result.thresholds = fromSummary ? fromSummary.thresholds.map((t) => ({ ...t, origin: 'engine' as const })) : m.thresholds;
    result.checks = fromSummary?.checks ?? checksFromTagSets(m.tagSets);
    result.notes.push(...ctx.notes);
  } else if (fromSummary) {
    Object.assign(result, { metrics: fromSummary.metrics, checks: fromSummary.checks, thresholds: fromSummary.thresholds, durationMs: fromSummary.durationMs });
    result.notes.push('no per-second time series in the run directory: the result cannot be compared with a baseline statistically');
  } else {
    throw new UsageError(`${dir}: neither ${RUN_FILES.summary} nor ${RUN_FILES.timeseries}/${RUN_FILES.metrics} found; nothing to analyze`);
  }
  if (!summary) result.notes.push(`no ${RUN_FILES.summary} (run killed before the end?): thresholds ${table ? `of profile ${profile} evaluated here over the per-second data` : 'not evaluated (no profile thresholds known)'}`);
  result.thresholdsOk = thresholdsVerdict(result.thresholds);
  result.generator = generatorHealth(rawSummary, result.metrics.dropped_iterations?.values.count);
  result.growth = await growthFromSamples(join(dir, RUN_FILES.samples), manifest?.growthContracts ?? undefined);
  if (result.growth.note) result.notes.push(`growth: ${result.growth.note}`);
  result.drills = drillsFromAudit(join(dir, RUN_FILES.audit));
  return result;
}

/** The engine's self-measurements (summary.json `generator`, beyond k6), or "unknown" for real k6. */
function generatorHealth(summary: unknown, dropped: number | undefined): RunResult['generator'] {
  const g = isRecord(summary) && isRecord(summary.generator) ? summary.generator : null;
  const base = dropped !== undefined ? { droppedIterations: dropped } : {};
  if (!g) return { saturated: null, ...base, notes: ['the run directory does not record generator self-measurements (scheduling lag); saturation unknown'] };
  const reasons = Array.isArray(g.reasons) ? g.reasons.map(String) : [];
  return {
    saturated: g.generator_saturated === true,
    ...base,
    maxSchedulingLagMs: typeof g.schedule_lag_p99_ms === 'number' ? g.schedule_lag_p99_ms : undefined,
    maxEventLoopUtilization: g.max_event_loop_utilization,
    limits: g.limits,
    notes: reasons.length ? reasons : [`schedule lag and event-loop use stayed within their limits${lateDropsNote(g.dropped_iterations)}`],
  };
}

/** What the engine said of its dropped arrival-rate iterations, appended to the "kept its schedule" note (empty for older runs that did not record them). */
function lateDropsNote(drops: unknown): string {
  if (!isRecord(drops) || typeof drops.total !== 'number' || typeof drops.late !== 'number') return '';
  if (drops.total === 0) return '; no arrival-rate iteration was dropped';
  return `; ${drops.total} arrival-rate iteration(s) dropped, ${drops.late} of them while a worker ran behind schedule (within the limit)`;
}

/** The loss audit as a drill result: lost or stuck jobs fail it. */
function drillsFromAudit(path: string): DrillResult[] {
  if (!existsSync(path)) return [];
  const a = readJson(path);
  if (!isRecord(a) || !isRecord(a.lost) || !isRecord(a.stuck)) throw new UsageError(`${path}:1:1: not a loss audit (needs lost and stuck)`);
  const lost = Number(a.lost.count ?? 0);
  const stuck = Number(a.stuck.count ?? 0);
  const ok = lost === 0 && stuck === 0;
  return [{ name: 'loss-audit', status: ok ? 'pass' : 'fail', reason: ok ? 'no accepted job lost or stuck' : `${lost} lost, ${stuck} stuck of ${String(a.accepted)} accepted`, audit: a }];
}
