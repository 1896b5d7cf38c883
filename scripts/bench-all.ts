import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseFlags, parsePositiveInt } from '../harness/args.ts';
import { writeFileAtomic } from '../harness/atomic-write.ts';
import { UsageError } from '../harness/errors.ts';
import { EXIT } from '../harness/exit-codes.ts';
import { machineInfo } from '../bench/machine.ts';
import { BENCHMARKS } from '../bench/registry.ts';
import { renderReport, type SectionResult } from '../bench/report.ts';
import { ensureTool } from '../bench/tools.ts';
import type { Command } from './cli.ts';

const DEFAULT_OUT = 'docs/benchmarks.md';

const USAGE = `Usage: aetheris-bench bench-all [--only NAME] [--quick] [--long] [--runs N] [--out FILE]

Runs the speed benchmarks of the issues and writes the results as Markdown: machine (CPU, cores,
memory, kernel, Node, Postgres), the command, the date, then per benchmark the median of N runs
measured side by side. \`npm run bench\` runs this with no options and writes ${DEFAULT_OUT}.
Missing tools (nginx-light, wrk, jq, GNU time) are installed with apt-get when possible, otherwise skipped
with a line saying so. Traffic goes to 127.0.0.1 only.

Benchmarks (in run order):
${BENCHMARKS.map((b) => `  ${b.name.padEnd(18)} ${b.title}`).join('\n')}

Options:
  --only NAME   run one benchmark (repeatable)
  --quick       tiny sizes and durations: proves the harness works, the numbers mean nothing
  --long        the issues' full-length runs (engine RSS over 10 minutes instead of 2)
  --runs N      repetitions per measurement (default 3; 1 with --quick)
  --out FILE    where to write the Markdown (atomic). Default: ${DEFAULT_OUT} for a full run;
                with --only or --quick nothing is written unless --out is given (the committed
                document holds one complete run), and the Markdown goes to stdout instead.

Exit: 0 every benchmark ran (a skipped tool is not a failure), 3 one or more benchmarks failed
(their sections say why), 2 bad usage.`;

/** \`aetheris-bench bench-all\`: the benchmark suite behind \`npm run bench\`. */
export const command: Command = {
  summary: 'run the speed benchmarks and write docs/benchmarks.md',
  usage: USAGE,
  async run(argv) {
    const { values } = parseFlags('bench-all', argv, {
      only: { type: 'string', multiple: true },
      quick: { type: 'boolean' },
      long: { type: 'boolean' },
      runs: { type: 'string' },
      out: { type: 'string' },
    });
    const only = values.only ?? [];
    for (const name of only) {
      if (!BENCHMARKS.some((b) => b.name === name)) {
        throw new UsageError(`bench-all: --only ${name}: no such benchmark (one of: ${BENCHMARKS.map((b) => b.name).join(', ')})`);
      }
    }
    const quick = values.quick ?? false;
    const long = values.long ?? false;
    if (quick && long) throw new UsageError('bench-all: --quick and --long contradict each other');
    const runs = values.runs !== undefined ? parsePositiveInt(values.runs, 'bench-all: --runs') : quick ? 1 : 3;
    const partial = only.length > 0 || quick;
    const outFile = values.out ?? (partial ? undefined : DEFAULT_OUT);
    const selected = BENCHMARKS.filter((b) => only.length === 0 || only.includes(b.name));
    const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

    // Ctrl-C or SIGTERM: exit through process.exit so the exit hooks kill every child group and server.
    const onSignal = (sig: NodeJS.Signals) => {
      log(`${sig}: stopping`);
      process.exit(130);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);

    const startedAt = new Date();
    const t0 = performance.now();
    const machine = await machineInfo();
    // GNU time gives CPU time and peak RSS of child processes; without it those cells read n/a.
    const gnuTime = ensureTool('time', 'time', log);
    if (gnuTime.skipped) log(`${gnuTime.skipped}: CPU time and peak RSS of child processes will read n/a`);
    const sections: SectionResult[] = [];
    for (const b of selected) {
      const workDir = mkdtempSync(join(tmpdir(), `aetheris-bench-${b.name}-`));
      const s0 = performance.now();
      log(`${b.name}: start`);
      try {
        const section = await b.run({ quick, long, runs, workDir, log: (l) => log(`${b.name}: ${l}`) });
        sections.push({ name: b.name, title: b.title, markdown: section.markdown, seconds: (performance.now() - s0) / 1000 });
      } catch (err) {
        const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!;
        log(`${b.name}: FAILED: ${message}`);
        sections.push({ name: b.name, title: b.title, markdown: null, error: message, seconds: (performance.now() - s0) / 1000 });
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
      log(`${b.name}: done in ${Math.round((performance.now() - s0) / 1000)} s`);
    }
    const cmd = ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' ');
    const markdown = renderReport({ machine, command: cmd, startedAt, totalSeconds: (performance.now() - t0) / 1000, runs, quick, long, sections });
    if (outFile) {
      writeFileAtomic(resolve(outFile), markdown);
      log(`wrote ${outFile}`);
    } else {
      process.stdout.write(markdown);
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    return sections.some((s) => s.markdown === null) ? EXIT.harness : EXIT.ok;
  },
};
