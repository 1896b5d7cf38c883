import { basename, join, resolve } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Command } from './cli.ts';
import { parseFlags } from '../harness/args.ts';
import { UsageError } from '../harness/errors.ts';
import { EXIT } from '../harness/exit-codes.ts';
import { ingestFiles } from '../analysis/ingest/ingest-files.ts';
import { writeResult } from '../analysis/result/result-file.ts';
import { loadThresholdTable, profileThresholds, THRESHOLD_TABLE_PATH } from '../analysis/threshold-table.ts';
import type { MetricType } from '../analysis/result/types.ts';

const usage = `Usage: aetheris-bench ingest FILE... --out DIR [options]

Reads real k6 output and writes DIR/result.json (schema aetheris-bench/result@1).
Formats are detected by content, each also gzip-compressed:
  handleSummary JSON, legacy --summary-export JSON (threshold true = failed), machine-readable
  summary 1.0.0, --out json NDJSON, --out csv (any column set), engine time series.
Several NDJSON/CSV files are several runners of one test (k6-operator): their samples are merged
into exact HDR histograms and thresholds are evaluated once over all of them. Several summaries
are merged where exact (counts, rates, min, max, avg with count); the result names what cannot be
merged (medians, percentiles). Summaries and raw files cannot be mixed.

Options:
  --out DIR              run directory to write result.json into (created if missing; an existing
                         result.json there is replaced atomically, and only after a successful read)
  --profile NAME         also evaluate the thresholds of profile NAME from the threshold table
                         (raw inputs only; summaries keep the thresholds k6 evaluated)
  --thresholds FILE      threshold table to use with --profile (default baselines/thresholds.json)
  --metric-type NAME=TYPE  type of a custom metric in CSV input (counter|gauge|rate|trend); repeatable
  --run-id ID            run id written into the result (default: the name of DIR)

Exit: 0 written, 2 bad usage or a malformed input (one line: file:line:column), 3 cannot write.`;

/** `aetheris-bench ingest`. */
export const command: Command = {
  summary: 'turn real k6 output (summaries, NDJSON, CSV; several runners) into result.json',
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags(
      'ingest',
      argv,
      {
        out: { type: 'string' },
        profile: { type: 'string' },
        thresholds: { type: 'string' },
        'metric-type': { type: 'string', multiple: true },
        'run-id': { type: 'string' },
      },
      { positionals: true },
    );
    if (positionals.length === 0) throw new UsageError('ingest: give at least one k6 output FILE');
    if (!values.out) throw new UsageError('ingest: --out DIR is required');
    const typeOverrides: Record<string, MetricType> = {};
    for (const spec of values['metric-type'] ?? []) {
      const m = /^([a-zA-Z_][a-zA-Z0-9_]*)=(counter|gauge|rate|trend)$/.exec(spec);
      if (!m) throw new UsageError(`ingest: --metric-type "${spec}" must be NAME=counter|gauge|rate|trend`);
      typeOverrides[m[1]!] = m[2] as MetricType;
    }
    if (values.thresholds && !values.profile) throw new UsageError('ingest: --thresholds only applies together with --profile');
    const table = values.profile ? profileThresholds(loadThresholdTable(values.thresholds ?? THRESHOLD_TABLE_PATH), values.profile) : undefined;
    const dir = resolve(values.out);
    const runId = values['run-id'] ?? basename(dir);
    const result = await ingestFiles(positionals, { runId, table, typeOverrides });
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new UsageError(`ingest: --out ${values.out}: cannot create directory (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    const out = join(dir, 'result.json');
    writeResult(out, result);
    const failed = result.thresholds.filter((t) => !t.ok).length;
    const formats = [...new Set(result.source.files.map((f) => f.format))].join(', ');
    console.log(`ingested ${result.source.files.length} file(s) (${formats}) → ${out}; thresholds: ${result.thresholds.length - failed} passed, ${failed} failed`);
    return EXIT.ok;
  },
};
