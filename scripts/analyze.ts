import { join, resolve } from 'node:path';
import type { Command } from './cli.ts';
import { parseFlags } from '../harness/args.ts';
import { UsageError } from '../harness/errors.ts';
import { EXIT } from '../harness/exit-codes.ts';
import { RUN_FILES } from '../harness/run-dir.ts';
import { analyzeRunDir } from '../analysis/ingest/analyze-run-dir.ts';
import { writeResult } from '../analysis/result/result-file.ts';
import { loadThresholdTable, profileThresholds, THRESHOLD_TABLE_PATH } from '../analysis/threshold-table.ts';

const usage = `Usage: aetheris-bench analyze RUN_DIR [--thresholds FILE]

Rebuilds RUN_DIR/result.json (schema aetheris-bench/result@1) from the files the run wrote:
manifest.json, summary.json, timeseries.ndjson[.gz] (or metrics.ndjson[.gz] from real k6),
samples.csv (growth verdicts, when analysis/growth is present) and audit.json.
Works on a run killed half way: a cut last line is skipped and noted; without summary.json the
thresholds of the run's profile (from the threshold table) are evaluated over the per-second data.

Options:
  --thresholds FILE   threshold table (default baselines/thresholds.json); read when manifest.json
                      names a profile: its gated metrics are aggregated, and its thresholds are
                      evaluated when summary.json is missing

Exit: 0 written, 2 bad usage or a malformed run file (one line: file:line:column), 3 cannot write.`;

/** \`aetheris-bench analyze\`. */
export const command: Command = {
  summary: 'rebuild result.json from a run directory (also a run killed half way)',
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags('analyze', argv, { thresholds: { type: 'string' } }, { positionals: true });
    if (positionals.length !== 1) throw new UsageError('analyze: give exactly one RUN_DIR');
    const dir = resolve(positionals[0]!);
    const tablePath = values.thresholds ?? THRESHOLD_TABLE_PATH;
    let table: ReturnType<typeof loadThresholdTable> | undefined;
    const result = await analyzeRunDir(dir, {
      tableFor: (profile) => {
        table ??= loadThresholdTable(tablePath);
        return profileThresholds(table, profile);
      },
    });
    const out = join(dir, RUN_FILES.result);
    writeResult(out, result);
    const failed = result.thresholds.filter((t) => !t.ok).length;
    console.log(`${out}: ${Object.keys(result.metrics).length} metrics, ${result.series.length} series, thresholds ${result.thresholds.length - failed} passed / ${failed} failed, growth ${result.growth.status}${result.source.truncated ? ', input was cut off (run killed?)' : ''}`);
    return EXIT.ok;
  },
};
