import { readFileSync } from 'node:fs';
import { CsvFormatError } from '../analysis/growth/parse-csv.ts';
import { analyzeGrowth, DEFAULT_AETHERIS_CONTRACTS, mergeContracts, validateContracts, type GrowthContract } from '../analysis/growth/index.ts';
import { renderGrowthTable } from '../analysis/growth/growth-table.ts';
import { parseDurationMs, parseFlags } from '../harness/args.ts';
import { UsageError } from '../harness/errors.ts';
import { EXIT } from '../harness/exit-codes.ts';
import type { Command } from './cli.ts';

const usage = `Usage: aetheris-bench growth SAMPLES.csv [--json] [--contracts FILE] [--horizon 30d] [--retention D] [--disk-budget SIZE]

Judges every relation in a samples.csv (written by \`sample\` or \`run\`) bounded, unbounded or
inconclusive: fits constant, linear, logarithmic, saturating-exponential, power and plateau
models (AICc, Akaike weights), finds the warm-up / steady-state boundary, tests the steady tail
(Mann-Kendall with Hamed-Rao correction, Theil–Sen slope with CI), explains growth per event and
per job, projects it, checks growth contracts and draws recommendations.

Options:
  --json              print the whole report as JSON ({"relations":[…], "contracts", …})
  --contracts FILE    JSON growth contracts ([…] or {"contracts":[…]}); they replace the default
                      contract of the same relation and add the others
  --horizon D         projection horizon (default 30d)
  --retention D       also project as if rows older than D were deleted (default: no retention)
  --disk-budget SIZE  disk budget for the retention-window advice, e.g. 50GB, 512MiB (default none)

Exit codes: 0 whatever the verdicts (the gate decides), 2 bad usage or a malformed file (line and column).`;

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };

function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = SIZE_UNITS[(m?.[2] || 'b').toLowerCase()];
  if (!m || unit === undefined || !(Number(m[1]) > 0)) throw new UsageError(`growth --disk-budget: "${text}" is not a size (examples: 50GB, 512MiB)`);
  return Number(m[1]) * unit;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

function readContracts(file: string): GrowthContract[] {
  let value: unknown;
  try {
    value = JSON.parse(readText(file));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${file}: not JSON (${(err as Error).message})`);
  }
  const problems = validateContracts(value);
  if (problems.length > 0) throw new UsageError(`${file}: ${problems.join('; ')}`);
  return (Array.isArray(value) ? value : (value as { contracts: GrowthContract[] }).contracts) as GrowthContract[];
}

/** `aetheris-bench growth`: growth verdicts for a samples.csv. */
export const command: Command = {
  summary: 'judge table growth in a samples.csv: bounded / unbounded / inconclusive',
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags(
      'growth',
      argv,
      { json: { type: 'boolean' }, contracts: { type: 'string' }, horizon: { type: 'string' }, retention: { type: 'string' }, 'disk-budget': { type: 'string' } },
      { positionals: true },
    );
    if (positionals.length !== 1) throw new UsageError(`growth: expected one SAMPLES.csv, got ${positionals.length} (see --help)`);
    const file = positionals[0]!;
    const horizonS = parseDurationMs(values.horizon ?? '30d', 'growth --horizon') / 1000;
    const retentionS = values.retention === undefined ? null : parseDurationMs(values.retention, 'growth --retention') / 1000;
    const diskBudgetBytes = values['disk-budget'] === undefined ? null : parseSize(values['disk-budget']);
    const contracts = values.contracts ? mergeContracts(DEFAULT_AETHERIS_CONTRACTS, readContracts(values.contracts)) : DEFAULT_AETHERIS_CONTRACTS;
    const text = readText(file);
    let report;
    try {
      report = analyzeGrowth(text, { horizonS, retentionS, diskBudgetBytes, contracts });
    } catch (err) {
      if (err instanceof CsvFormatError) throw new UsageError(`${file}: ${err.message}`);
      throw err;
    }
    console.log(values.json ? JSON.stringify(report, null, 2) : renderGrowthTable(report));
    return EXIT.ok;
  },
};
