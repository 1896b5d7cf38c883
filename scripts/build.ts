import { resolve } from 'node:path';
import { parseFlags } from '../harness/args.ts';
import { UsageError } from '../harness/errors.ts';
import { EXIT } from '../harness/exit-codes.ts';
import { buildAll, scenarioNames } from '../load/build.ts';
import type { Command } from './cli.ts';

const USAGE = `Usage: aetheris-bench build [--out DIR] [SCENARIO...]

Bundles the workloads in load/scenarios/*.ts into one ES module each for the real k6 binary
(DIR/<scenario>.js; k6 modules and remote imports external, target es2022, inline source maps),
with the threshold table baselines/thresholds.json inlined. Every bundle is checked for what k6
cannot run (Node built-ins, modules k6 lacks, dynamic import(), \\p{…} and d/v RegExp flags);
a bundle that fails a check is not written and the command exits 2.

Options:
  --out DIR     output folder (default dist/k6)
  SCENARIO...   build only these (default: all of ${scenarioNames().join(', ')})`;

/** `aetheris-bench build`: k6 bundles of every workload. */
export const command: Command = {
  summary: 'bundle the k6 workloads for the real k6 binary (dist/k6/<scenario>.js)',
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseFlags('build', argv, { out: { type: 'string' } }, { positionals: true });
    const known = scenarioNames();
    for (const name of positionals) {
      if (!known.includes(name)) throw new UsageError(`build: unknown scenario "${name}" (known: ${known.join(', ')})`);
    }
    const outDir = resolve(values.out ?? 'dist/k6');
    const built = await buildAll(outDir, positionals.length > 0 ? positionals : known);
    let failed = false;
    for (const b of built) {
      if (b.problems.length === 0) {
        console.log(`built ${b.outFile} (${(b.bytes / 1024).toFixed(1)} KiB)`);
        continue;
      }
      failed = true;
      for (const p of b.problems) console.error(`aetheris-bench: build: ${p.file}:${p.line}: ${p.message}`);
    }
    return failed ? EXIT.usage : EXIT.ok;
  },
};
