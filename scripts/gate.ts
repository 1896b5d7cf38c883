import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from './cli.ts';
import { parseFlags, parsePositiveInt } from '../harness/args.ts';
import { writeJsonAtomic } from '../harness/atomic-write.ts';
import { UsageError } from '../harness/errors.ts';
import { EXIT } from '../harness/exit-codes.ts';
import { judgeRunDir, type Judgement } from '../harness/judge.ts';
import { RUN_FLAG_HELP, RUN_FLAG_OPTIONS, runOptionsFromFlags } from '../harness/run-flags.ts';
import { executeRun } from '../harness/run-pipeline.ts';
import { RUN_FILES } from '../harness/run-dir.ts';
import { withSigint } from '../harness/sigint.ts';

const usage = `Usage: aetheris-bench gate --profile NAME [run options] [--baseline FILE] [--retries N]
       aetheris-bench gate --result RUN_DIR/result.json [--baseline FILE]

The release decision. Runs the profile (or takes an existing result), then folds into one verdict:
the thresholds of baselines/thresholds.json, the comparison with the stored baseline
(baselines/<profile>.json unless --baseline), growth contracts, tenant isolation, the loss audit,
drill results and the harness's own health. Writes result.json, verdict.json, report.md,
report.html and junit.xml into the run directory; under GitHub Actions also the step summary and
::error annotations. A baseline from a different machine or setup (fingerprint) is not compared:
the gate then judges by the threshold table alone and says so.

Options:
${RUN_FLAG_HELP}
  --result FILE          judge an existing result.json (its run directory gets the reports)
  --baseline FILE        baseline to compare with (a baseline file or a result.json)
  --allow-incomparable   compare with a baseline whose fingerprint differs
  --retries N            re-run up to N more times when the verdict is 3 (harness) or 4 (inconclusive);
                         every attempt stays in its own run directory and is listed in verdict.json

Exit: 0 pass, 1 the target regressed or a threshold failed, 2 bad usage or input,
3 the harness or its infrastructure failed, 4 inconclusive (too noisy to decide).`;

function announce(j: Judgement): void {
  console.log(j.verdict.line);
  for (const n of j.verdict.notes) console.log(`  ${n}`);
  console.log(`reports: ${j.reports.join(' ')}`);
}

/** \`aetheris-bench gate\`. */
export const command: Command = {
  summary: 'the release decision: run (or take a result), compare, judge, report; exit code says who failed',
  usage,
  async run(argv) {
    const { values } = parseFlags('gate', argv, {
      ...RUN_FLAG_OPTIONS,
      result: { type: 'string' },
      baseline: { type: 'string' },
      'allow-incomparable': { type: 'boolean' },
      retries: { type: 'string', default: '0' },
    });
    const retries = values.retries === '0' ? 0 : parsePositiveInt(values.retries!, 'gate: --retries');
    const judgeOpts = { baselinePath: values.baseline ? resolve(values.baseline) : undefined, allowIncomparable: values['allow-incomparable'] === true };

    if (values.result) {
      if (values.profile) throw new UsageError('gate: give --profile or --result, not both');
      const dir = dirname(resolve(values.result));
      const j = await judgeRunDir({ dir, harnessProblems: [], ...judgeOpts });
      announce(j);
      return j.verdict.exitCode;
    }

    const opts = runOptionsFromFlags('gate', values);
    return withSigint(async (signal) => {
      const attempts: Array<{ runId: string; dir: string; exitCode: number; line: string }> = [];
      let last: Judgement | undefined;
      for (let attempt = 0; attempt <= retries; attempt++) {
        if (attempt > 0) console.log(`retry ${attempt} of ${retries} (previous verdict exit ${last!.verdict.exitCode})`);
        const outcome = await executeRun({ ...opts, signal });
        last = await judgeRunDir({ dir: outcome.dir, harnessProblems: outcome.harnessProblems, ...judgeOpts });
        attempts.push({ runId: outcome.runId, dir: outcome.dir, exitCode: last.verdict.exitCode, line: last.verdict.line });
        const code = last.verdict.exitCode;
        if (signal.aborted || (code !== EXIT.harness && code !== EXIT.inconclusive)) break;
      }
      if (attempts.length > 1) {
        const verdictFile = resolve(attempts.at(-1)!.dir, RUN_FILES.verdict);
        const verdict = JSON.parse(readFileSync(verdictFile, 'utf8')) as Record<string, unknown>;
        writeJsonAtomic(verdictFile, { ...verdict, attempts });
      }
      announce(last!);
      return last!.verdict.exitCode;
    });
  },
};
