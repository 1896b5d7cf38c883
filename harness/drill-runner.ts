import { join } from 'node:path';
import { buildDrillReport, DRILL_REPORT_FILES, renderDrillMarkdown, type DrillReport } from '../analysis/drill-report.ts';
import { drillLimitsFromTable } from '../analysis/recovery/drill-limits.ts';
import { recoveryFigures } from '../analysis/recovery/recovery-figures.ts';
import { seriesFromTimeseries } from '../analysis/recovery/series-from-timeseries.ts';
import type { DrillResult } from '../analysis/result/types.ts';
import { loadThresholdTable, profileThresholds } from '../analysis/threshold-table.ts';
import type { TimeseriesLine } from '../analysis/timeseries-line.ts';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write.ts';
import { judgeRunDir, type Judgement } from './judge.ts';
import { readNdjson } from './report-writer.ts';
import { RUN_FILES } from './run-dir.ts';
import { executeRun, type RunOptions } from './run-pipeline.ts';

/** One drill carried out and judged. */
export interface DrillOutcome {
  report: DrillReport;
  judgement: Judgement;
  dir: string;
}

/** The drill report as the result schema holds it. */
function asDrillResult(r: DrillReport): DrillResult {
  const status = r.verdict === 'pass' ? 'pass' : r.verdict === 'fail' ? 'fail' : 'error';
  return { name: r.profile, status, reason: r.reasons.join('; ') || 'all drill checks passed', exitCode: r.exitCode, completion: r.completion, recovery: r.recovery, faults: r.faults };
}

/**
 * Runs one drill profile under load (its fault schedule fires during the run), then builds the
 * drill report from faults.ndjson, the loss audit and the per-second series — recovery time, error
 * rate and P95 inside vs outside each fault window — writes drill.json / drill.md, and judges the
 * run with the drill folded into result.json. A `failed` job is not a pass.
 */
export async function runDrill(opts: RunOptions): Promise<DrillOutcome> {
  const outcome = await executeRun(opts);
  const lines = readNdjson<TimeseriesLine>(join(outcome.dir, RUN_FILES.timeseries));
  const recovery = recoveryFigures(seriesFromTimeseries(lines), outcome.faults);
  const entries = profileThresholds(loadThresholdTable(), opts.profile.name).entries;
  const report = buildDrillReport({
    profile: opts.profile.name,
    runId: outcome.runId,
    faults: outcome.faults,
    audit: outcome.audit,
    auditError: outcome.audit ? undefined : 'the loss audit did not run (no Postgres to read)',
    recovery,
    limits: drillLimitsFromTable(entries),
  });
  writeJsonAtomic(join(outcome.dir, DRILL_REPORT_FILES.json), report);
  writeFileAtomic(join(outcome.dir, DRILL_REPORT_FILES.markdown), renderDrillMarkdown(report));
  const judgement = await judgeRunDir({ dir: outcome.dir, harnessProblems: outcome.harnessProblems, drills: [asDrillResult(report)] });
  return { report, judgement, dir: outcome.dir };
}
