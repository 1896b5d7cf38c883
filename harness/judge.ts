import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBaselineOrResult } from '../analysis/compare/baseline-file.ts';
import { compareResults, type Comparison } from '../analysis/compare/compare-results.ts';
import { analyzeRunDir } from '../analysis/ingest/analyze-run-dir.ts';
import { writeResult } from '../analysis/result/result-file.ts';
import type { DrillResult, RunResult } from '../analysis/result/types.ts';
import { loadThresholdTable, profileThresholds, THRESHOLD_TABLE_PATH } from '../analysis/threshold-table.ts';
import { decideVerdict, type AuditFacts, type Verdict } from '../analysis/verdict.ts';
import { readFileSync } from 'node:fs';
import { writeReports } from './report-writer.ts';
import { RUN_FILES } from './run-dir.ts';

/** Folder of the stored baselines (`baselines/<profile>.json`). */
export const BASELINE_DIR = fileURLToPath(new URL('../baselines/', import.meta.url));

/** How to judge a run directory. */
export interface JudgeOptions {
  dir: string;
  /** Baseline file; `baselines/<profile>.json` when absent and it exists. */
  baselinePath?: string;
  allowIncomparable?: boolean;
  harnessProblems: readonly string[];
  /** Drill outcomes to fold into result.json. */
  drills?: DrillResult[];
}

function readAudit(dir: string): AuditFacts | null {
  const path = join(dir, RUN_FILES.audit);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as AuditFacts) : null;
}

/** What judging produced. */
export interface Judgement {
  result: RunResult;
  verdict: Verdict;
  comparison: Comparison | null;
  reports: string[];
}

/**
 * Builds result.json from a run directory, compares it with the stored baseline, decides the
 * verdict and writes every report. The one path from measurements to a decision, used by run,
 * gate, drill and calibrate alike.
 */
export async function judgeRunDir(opts: JudgeOptions): Promise<Judgement> {
  let table: ReturnType<typeof loadThresholdTable> | undefined;
  const tableFor = (profile: string) => {
    table ??= loadThresholdTable(THRESHOLD_TABLE_PATH);
    return profileThresholds(table, profile);
  };
  const result = await analyzeRunDir(opts.dir, { tableFor });
  if (opts.drills?.length) result.drills.push(...opts.drills);
  writeResult(join(opts.dir, RUN_FILES.result), result);

  const profile = typeof result.manifest?.profile === 'string' ? result.manifest.profile : '';
  const specs = tableFor(profile);
  const baselinePath = opts.baselinePath ?? join(BASELINE_DIR, `${profile}.json`);
  let comparison: Comparison | null = null;
  let baseline: RunResult | null = null;
  if (profile && (opts.baselinePath || existsSync(baselinePath))) {
    baseline = readBaselineOrResult(baselinePath).result;
    comparison = compareResults(baseline, result, specs.compare, { allowIncomparable: opts.allowIncomparable });
  }
  const verdict = decideVerdict({ result, comparison, harnessProblems: opts.harnessProblems });
  const audit = readAudit(opts.dir);
  const gatedTrends = specs.compare.filter((c) => result.metrics[c.key]?.type === 'trend').map((c) => c.key);
  const { files } = writeReports({ dir: opts.dir, result, verdict, comparison, baseline, audit, gatedTrends });
  return { result, verdict, comparison, reports: [join(opts.dir, RUN_FILES.result), ...files] };
}
