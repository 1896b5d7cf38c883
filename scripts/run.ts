import type { Command } from './cli.ts';
import { parseFlags } from '../harness/args.ts';
import { EXIT } from '../harness/exit-codes.ts';
import { judgeRunDir } from '../harness/judge.ts';
import { RUN_FLAG_HELP, RUN_FLAG_OPTIONS, runOptionsFromFlags } from '../harness/run-flags.ts';
import { executeRun } from '../harness/run-pipeline.ts';
import { withSigint } from '../harness/sigint.ts';

const usage = `Usage: aetheris-bench run --profile NAME [options]

Runs one profile and writes runs/<timestamp>-<profile>/: manifest.json (profile, target, runtime,
git sha, comparability fingerprint), summary.json, timeseries.ndjson, samples.csv (Postgres growth),
observability.ndjson, faults.ndjson, audit.json (loss audit), result.json and the reports.
With no --target it starts the embedded stack (embedded Postgres + reference target) and stops it
afterwards. SIGINT stops the load gracefully; what was measured is kept and analysed.

Options:
${RUN_FLAG_HELP}

Exit: 0 measured and thresholds passed, 1 a threshold failed, 2 bad usage or input,
3 the harness or the target's infrastructure failed (unreachable target, crashed generator, failed fault command).
Use \`aetheris-bench gate\` for the release decision (baseline comparison, growth contracts, retries).`;

/** \`aetheris-bench run\`. */
export const command: Command = {
  summary: 'run a profile (embedded stack unless --target) and write a run directory',
  usage,
  async run(argv) {
    const { values } = parseFlags('run', argv, RUN_FLAG_OPTIONS);
    const opts = runOptionsFromFlags('run', values);
    return withSigint(async (signal) => {
      const outcome = await executeRun({ ...opts, signal });
      const j = await judgeRunDir({ dir: outcome.dir, harnessProblems: outcome.harnessProblems });
      console.log(j.verdict.line);
      console.log(`run directory: ${outcome.dir}`);
      if (outcome.harnessProblems.length) return EXIT.harness;
      return j.result.thresholdsOk === false ? EXIT.targetFailed : EXIT.ok;
    });
  },
};
