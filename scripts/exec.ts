/**
 * `aetheris-bench exec SCRIPT`: the built-in engine's `k6 run`, with k6's flag spellings and
 * k6's exit codes for script and configuration problems.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseFlags, parsePositiveInt } from '../harness/args.ts';
import { UsageError } from '../harness/errors.ts';
import { parseOutSpec } from '../load/engine/coordinator/outputs.ts';
import { runTest } from '../load/engine/coordinator/run-test.ts';
import { EngineError } from '../load/engine/runtime/engine-error.ts';
import { tupleFromFlags } from '../load/engine/segment/segment-flags.ts';
import type { Command } from './cli.ts';

const usage = `Usage: aetheris-bench exec SCRIPT [options]

Runs a k6 script (.js or .ts) on the built-in engine, as \`k6 run\` would.

Options:
  -e, --env K=V                     add K=V to __ENV (repeatable; system environment is included too)
  -u, --vus N                       number of VUs (k6 shortcut; replaces the script's scenarios when alone)
  -d, --duration D                  test duration, e.g. 30s (k6 shortcut: constant-vus)
  -i, --iterations N                total iterations (k6 shortcut: shared-iterations)
  -o, --out KIND=FILE               json=FILE (k6 NDJSON; .gz is gzipped) or timeseries=FILE (repeatable)
      --summary-export FILE         write k6's legacy summary export JSON
      --summary-trend-stats LIST    trend stats for the summary, e.g. "avg,min,med,max,p(90),p(95),p(99)"
      --execution-segment SEG       this instance's share, e.g. 1/4:2/4, 0.25:0.5 or 25%:50%
      --execution-segment-sequence  all instances' boundaries, e.g. 0,1/4,2/4,3/4,1
      --workers N                   worker threads sharing this instance's segment (default: CPU cores)
  -q, --quiet                       no progress line
      --no-color                    no colours in the summary
  -h, --help                        this text

Exit codes (k6's): 0 ok, 99 thresholds failed, 100/101 setup/teardown timeout, 104 invalid config,
105 stopped by SIGINT/SIGTERM, 107 script exception, 108 test.abort(), 110 test.fail(); 2 bad usage.
SIGINT once: graceful stop (gracefulStop honoured, summary and outputs written); twice: at once.`;

function parseEnv(pairs: string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw new UsageError(`exec: --env "${p}" must be K=V`);
    env[p.slice(0, i)] = p.slice(i + 1);
  }
  return env;
}

/** The exec subcommand. */
export const command: Command = {
  summary: 'run a k6 script on the built-in engine (k6 run semantics, formats and exit codes)',
  usage,
  async run(argv: string[]): Promise<number> {
    const { values, positionals } = parseFlags(
      'exec',
      argv,
      {
        env: { type: 'string', short: 'e', multiple: true },
        vus: { type: 'string', short: 'u' },
        duration: { type: 'string', short: 'd' },
        iterations: { type: 'string', short: 'i' },
        out: { type: 'string', short: 'o', multiple: true },
        'summary-export': { type: 'string' },
        'summary-trend-stats': { type: 'string' },
        'execution-segment': { type: 'string' },
        'execution-segment-sequence': { type: 'string' },
        workers: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        'no-color': { type: 'boolean' },
      },
      { positionals: true },
    );
    if (positionals.length !== 1) throw new UsageError('exec: give exactly one SCRIPT (.js or .ts)');
    const scriptPath = positionals[0]!;
    if (!/\.(m?js|ts)$/.test(scriptPath)) throw new UsageError(`exec: ${scriptPath}: the script must be a .js or .ts file`);
    if (!existsSync(scriptPath)) throw new UsageError(`exec: ${scriptPath}: no such file`);
    let instance;
    try {
      instance = tupleFromFlags(values['execution-segment'], values['execution-segment-sequence']);
    } catch (err) {
      throw new UsageError(`exec: ${(err as Error).message}`);
    }
    const workers = values.workers === undefined ? Math.max(1, availableParallelism()) : parsePositiveInt(values.workers, 'exec: --workers');
    const cli = {
      vus: values.vus === undefined ? undefined : parsePositiveInt(values.vus, 'exec: --vus'),
      duration: values.duration,
      iterations: values.iterations === undefined ? undefined : parsePositiveInt(values.iterations, 'exec: --iterations'),
      summaryTrendStats: values['summary-trend-stats']?.split(',').map((s) => s.trim()).filter((s) => s !== ''),
    };
    const env = { ...(process.env as Record<string, string>), ...parseEnv(values.env ?? []) };
    try {
      return await runTest({
        scriptPath,
        cli,
        env,
        outputs: (values.out ?? []).map(parseOutSpec),
        summaryExport: values['summary-export'],
        workers,
        instance,
        quiet: values.quiet === true,
        noColor: values['no-color'] === true || process.env.NO_COLOR !== undefined,
      });
    } catch (err) {
      if (err instanceof EngineError) {
        for (const line of err.message.split('\n')) process.stderr.write(`aetheris-bench exec: ${line}\n`);
        return err.exitCode;
      }
      throw err;
    }
  },
};
