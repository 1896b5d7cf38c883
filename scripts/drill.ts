import type { Command } from './cli.ts';
import { parseFlags } from '../harness/args.ts';
import { runDrill, type DrillOutcome } from '../harness/drill-runner.ts';
import { UsageError } from '../harness/errors.ts';
import { EXIT } from '../harness/exit-codes.ts';
import { listProfiles } from '../harness/profile.ts';
import { RUN_FLAG_HELP, RUN_FLAG_OPTIONS, runOptionsFromFlags } from '../harness/run-flags.ts';
import { withSigint } from '../harness/sigint.ts';

const usage = `Usage: aetheris-bench drill (--all | --profile NAME) [run options]

Failure drills under load. Each drill profile (profiles/drill-*.json) runs its workload while its
fault schedule fires: on the embedded stack for real (SIGKILL a worker and start a new one, restart
the API process, stop Postgres immediately and start it again); against a real deployment through
--fault-cmd commands (a fault without a command is skipped, and the drill is then inconclusive).
After the load, every accepted job must reach a terminal status within the grace period; the loss
audit compares the accepted count with the rows in Postgres. A drill passes only with 0 lost jobs,
0 stuck, 0 failed, completion ≥ the table's job_completion threshold and recovery within its limit.
Writes drill.json and drill.md beside the usual reports, and folds the drill into result.json.

Options:
  --all                  every drill profile, one after the other
${RUN_FLAG_HELP}

Exit: 0 every drill passed, 1 a drill failed (lost, stuck or failed jobs, slow recovery) or its run's
verdict did (a threshold or growth contract),
2 bad usage, 3 a fault could not be injected or the harness failed, 4 inconclusive (fault skipped).`;

// Worst first: a harness problem hides what the target did, a failure beats an undecided drill.
const SEVERITY = [EXIT.harness, EXIT.targetFailed, EXIT.inconclusive, EXIT.ok] as number[];

/** \`aetheris-bench drill\`. */
export const command: Command = {
  summary: 'failure drills under load: worker crash, API restart, database outage; zero lost jobs',
  usage,
  async run(argv) {
    const { values } = parseFlags('drill', argv, { ...RUN_FLAG_OPTIONS, all: { type: 'boolean' } });
    if (values.all && values.profile) throw new UsageError('drill: give --all or --profile, not both');
    const names = values.all ? listProfiles().filter((p) => p.startsWith('drill-')) : [values.profile ?? ''];
    if (!names[0]) throw new UsageError('drill: --all or --profile NAME is required');
    const runs = names.map((name) => runOptionsFromFlags('drill', { ...values, profile: name }));
    return withSigint(async (signal) => {
      const outcomes: DrillOutcome[] = [];
      for (const opts of runs) {
        if (signal.aborted) break;
        const o = await runDrill({ ...opts, signal });
        outcomes.push(o);
        console.log(`${o.report.profile}: ${o.report.verdict.toUpperCase()}${o.report.reasons.length ? ` — ${o.report.reasons.join('; ')}` : ''}`);
        console.log(`  ${o.judgement.verdict.line}`);
        console.log(`  ${o.dir}/drill.md`);
      }
      // The drill's own checks and the run's whole verdict (thresholds, growth contracts) both count.
      const codes: number[] = outcomes.flatMap((o) => [o.report.exitCode, o.judgement.verdict.exitCode]);
      return SEVERITY.find((code) => codes.includes(code)) ?? EXIT.ok;
    });
  },
};
