import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Comparison } from '../analysis/compare/compare-results.ts';
import { parseSamplesCsv } from '../analysis/growth/parse-samples.ts';
import type { SamplesTable } from '../analysis/growth/samples-format.ts';
import { verdictJunit } from '../analysis/junit.ts';
import { observabilityFindings, type ObservabilityFindings } from '../analysis/observability-findings.ts';
import { buildChartData } from '../analysis/report-html/chart-data.ts';
import { renderReportHtml } from '../analysis/report-html/render-html.ts';
import { renderReportMarkdown } from '../analysis/report-md.ts';
import type { RunResult } from '../analysis/result/types.ts';
import type { AuditFacts, Verdict } from '../analysis/verdict.ts';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write.ts';
import { readFaultLog } from './fault-log.ts';
import { publishToGithub } from './github-actions.ts';
import type { ObservabilityPoint } from './observability-scraper.ts';
import { RUN_FILES } from './run-dir.ts';

/** What the reports are made of. */
export interface ReportSources {
  dir: string;
  result: RunResult;
  verdict: Verdict;
  comparison: Comparison | null;
  baseline: RunResult | null;
  audit: AuditFacts | null;
  /** Gated trend keys (threshold table compare entries) to draw distributions for. */
  gatedTrends: string[];
}

/** Reads an NDJSON file, skipping a cut last line (a killed run). */
export function readNdjson<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const out: T[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      /* the last line of a killed run may be cut */
    }
  }
  return out;
}

function samples(dir: string): { table: SamplesTable | null; startMs: number | null } {
  const path = join(dir, RUN_FILES.samples);
  if (!existsSync(path)) return { table: null, startMs: null };
  const text = readFileSync(path, 'utf8');
  const first = text.split('\n')[1]?.split(',');
  const startMs = first ? Date.parse(first[0]!) - Number(first[1]) * 1000 : null;
  try {
    return { table: parseSamplesCsv(text), startMs: Number.isFinite(startMs) ? startMs : null };
  } catch {
    return { table: null, startMs: null };
  }
}

function faultWindows(dir: string): Array<{ start: number; end: number; label: string }> {
  return readFaultLog(join(dir, RUN_FILES.faults))
    .filter((f) => f.window)
    .map((f) => ({ start: f.window!.start / 1000, end: f.window!.end / 1000, label: f.action }));
}

/**
 * Writes verdict.json, report.md, report.html and junit.xml into the run directory (each
 * atomically) and, under GitHub Actions, the step summary and annotations. Returns their paths.
 */
export function writeReports(src: ReportSources): { files: string[]; observability: ObservabilityFindings | null } {
  const obsPoints = readNdjson<ObservabilityPoint>(join(src.dir, RUN_FILES.observability));
  const observability = obsPoints.length ? observabilityFindings(obsPoints) : null;
  const markdown = renderReportMarkdown({ result: src.result, verdict: src.verdict, comparison: src.comparison, audit: src.audit, observability });
  const s = samples(src.dir);
  const chart = buildChartData({
    result: src.result,
    verdictLine: src.verdict.line,
    outcome: src.verdict.outcome,
    samples: s.table,
    samplesStartMs: s.startMs,
    faults: faultWindows(src.dir),
    observability: obsPoints,
    baseline: src.baseline,
    gatedTrends: src.gatedTrends,
  });
  const profile = (src.result.manifest as { profile?: string } | null)?.profile ?? 'result';
  const html = renderReportHtml(chart, src.verdict, `aetheris-bench — ${profile} ${src.result.runId}`);
  const files = [join(src.dir, RUN_FILES.verdict), join(src.dir, RUN_FILES.reportMd), join(src.dir, RUN_FILES.reportHtml), join(src.dir, RUN_FILES.junit)];
  writeJsonAtomic(files[0]!, { ...src.verdict, comparison: src.comparison, observability });
  writeFileAtomic(files[1]!, markdown);
  writeFileAtomic(files[2]!, html);
  writeFileAtomic(files[3]!, verdictJunit(src.verdict, profile));
  publishToGithub(src.verdict, markdown);
  return { files, observability };
}
