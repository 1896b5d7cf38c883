/**
 * `aetheris-bench ingest`: k6 output files → one result. Raw sample files (NDJSON, CSV, engine time
 * series) are merged into exact HDR histograms with thresholds evaluated once over all runners;
 * summaries are taken as k6 wrote them, or merged with the unmergeable statistics named.
 */
import { UsageError } from '../../harness/errors.ts';
import { emptyResult, thresholdsVerdict } from '../result/empty-result.ts';
import type { MetricType, RunResult } from '../result/types.ts';
import type { ProfileThresholds } from '../threshold-table.ts';
import { checksFromTagSets } from './checks-from-samples.ts';
import { detectFormat, type DetectedInput } from './detect-format.ts';
import { readK6Csv } from './k6-csv-reader.ts';
import { readK6Ndjson } from './k6-ndjson-reader.ts';
import { readHandleSummary, readMachineReadableSummary, readSummaryExport, type NormalizedSummary } from './k6-summary-readers.ts';
import type { RawIngestContext } from './raw-context.ts';
import { buildRawMeasurements } from './raw-to-result.ts';
import { SampleAccumulator } from './sample-accumulator.ts';
import { summariesToMeasurements } from './summary-to-result.ts';
import { ThresholdSet } from './threshold-set.ts';
import { readTimeseries } from './timeseries-reader.ts';

/** Options of an ingest. */
export interface IngestOptions {
  runId: string;
  /** Thresholds and compare keys of a profile from the threshold table, evaluated over raw samples. */
  table?: ProfileThresholds;
  /** Metric types for CSV metrics that are not k6 built-ins. */
  typeOverrides?: Record<string, MetricType>;
}

/** A raw-input context with nothing in it yet. */
export function newRawContext(typeOverrides: Record<string, MetricType> = {}): RawIngestContext {
  return { acc: new SampleAccumulator(), thresholds: new ThresholdSet(), submetricKeys: new Set(), typeOverrides, guessed: new Set(), notes: [] };
}

function normalizeSummary(path: string, input: DetectedInput & { doc: Record<string, unknown> }): NormalizedSummary {
  try {
    if (input.format === 'k6-handle-summary') return readHandleSummary(input.doc);
    if (input.format === 'k6-summary-export') return readSummaryExport(input.doc);
    return readMachineReadableSummary(input.doc);
  } catch (err) {
    throw new UsageError(`${path}: ${(err as Error).message}`);
  }
}

/** Ingests the given files (several = several runners of one test) into one result. */
export async function ingestFiles(paths: readonly string[], opts: IngestOptions): Promise<RunResult> {
  if (paths.length === 0) throw new UsageError('ingest: no input files given');
  const detected: Array<{ path: string; input: DetectedInput }> = [];
  for (const path of paths) detected.push({ path, input: await detectFormat(path) });
  const raw = detected.filter((d) => !('doc' in d.input));
  const summaries = detected.filter((d) => 'doc' in d.input);
  if (raw.length > 0 && summaries.length > 0) {
    throw new UsageError(`ingest: cannot mix summaries (${summaries[0]!.path}) with raw sample files (${raw[0]!.path}); ingest the raw files, they hold everything the summary does`);
  }
  const result = emptyResult(opts.runId, 'ingest');
  result.source.runners = detected.length;
  if (summaries.length > 0) {
    const normalized = summaries.map((d) => ({ path: d.path, summary: normalizeSummary(d.path, d.input as DetectedInput & { doc: Record<string, unknown> }) }));
    let m;
    try {
      m = summariesToMeasurements(normalized, opts.runId);
    } catch (err) {
      throw new UsageError(`ingest: ${(err as Error).message}`);
    }
    Object.assign(result, { metrics: m.metrics, checks: m.checks, thresholds: m.thresholds, durationMs: m.durationMs });
    result.notes.push(...m.notes);
    result.source.files = normalized.map((n) => ({ path: n.path, format: n.summary.format, runner: String(normalized.indexOf(n) + 1) }));
    if (opts.table) result.notes.push('threshold table not applied: summaries hold only the statistics k6 chose; thresholds are the ones k6 evaluated');
  } else {
    const ctx = newRawContext(opts.typeOverrides);
    if (opts.table) for (const [key, decls] of Object.entries(opts.table.thresholds)) for (const d of decls) ctx.thresholds.add(key, d, 'threshold-table');
    for (const [i, d] of raw.entries()) {
      const read = d.input.format === 'k6-ndjson' ? readK6Ndjson : d.input.format === 'k6-csv' ? readK6Csv : readTimeseries;
      const r = await read(d.path, ctx);
      result.source.files.push({ path: d.path, format: d.input.format, runner: String(i + 1), lines: r.lines });
      if (r.truncated) result.source.truncated = true;
    }
    const m = buildRawMeasurements(ctx, {
      runId: opts.runId,
      sources: raw.map((d) => d.path),
      method: raw.every((d) => d.input.format === 'aetheris-timeseries') ? 'hdr-from-timeseries' : 'hdr-from-samples',
      extraKeys: opts.table?.compare.map((c) => c.key),
      extraStats: opts.table?.compare.map((c) => c.stat),
    });
    Object.assign(result, { window: m.window, durationMs: m.durationMs, metrics: m.metrics, tagSets: m.tagSets, series: m.series, thresholds: m.thresholds });
    result.checks = checksFromTagSets(m.tagSets);
    result.notes.push(...ctx.notes);
    if (raw.length > 1) result.notes.push(`${raw.length} runners merged: histograms merged exactly, thresholds evaluated once over all samples`);
    result.notes.push('counter rate = count / (last − first sample time); k6 divides by the whole test duration including setup and teardown, so it may differ slightly');
    result.notes.push('percentiles from HDR histograms (3 significant digits, relative error ≤ 0.1 %); k6 interpolates between exact samples, so values may differ in the 4th digit');
    const dropped = result.metrics.dropped_iterations?.values.count;
    result.generator = { saturated: null, ...(dropped !== undefined ? { droppedIterations: dropped } : {}), notes: ['k6 output does not say whether the generator was saturated; dropped_iterations is reported when present'] };
  }
  result.thresholdsOk = thresholdsVerdict(result.thresholds);
  result.growth = { status: 'no-samples', note: 'k6 output carries no Postgres growth samples', relations: [] };
  return result;
}
