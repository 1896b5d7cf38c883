import type { Command } from './cli.ts';
import { parseFlags } from '../harness/args.ts';
import { UsageError } from '../harness/errors.ts';
import { EXIT } from '../harness/exit-codes.ts';
import { buildEvidence } from '../harness/evidence.ts';

const usage = `Usage: aetheris-bench evidence --out DIR RUN_DIR...

Assembles the release-candidate evidence bundle (2.1 plan, week 8) in a new folder DIR: for every
run its report.md, report.html, result.json, verdict.json (every attempt), junit.xml, manifest,
loss audit, faults and drill report; the threshold table; the machine and fingerprints; and an
index.md linking them by topic (performance, replay, tenancy, lifecycle, drills, attempts).
Logs are left out. DIR must not exist (nothing is overwritten).

Exit: 0 written, 2 bad usage (DIR exists, a RUN_DIR is not a run directory).`;

/** \`aetheris-bench evidence\`. */
export const command: Command = {
  summary: 'assemble the release-candidate evidence bundle from run directories',
  usage,
  async run(argv) {
    const { values, positionals } = parseFlags('evidence', argv, { out: { type: 'string' } }, { positionals: true });
    if (!values.out) throw new UsageError('evidence: --out DIR is required');
    const { index, runs } = buildEvidence(values.out, positionals);
    console.log(`evidence bundle of ${runs} run(s): ${index}`);
    return EXIT.ok;
  },
};
