import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from './errors.ts';

/** Which load generator runs the workload. */
export type Runtime = 'engine' | 'k6';

const BIN = fileURLToPath(new URL('../bin/aetheris-bench.mjs', import.meta.url));

/** The k6 binary's version line, or null when k6 is not on PATH. */
export function k6Version(): string | null {
  const res = spawnSync('k6', ['version'], { encoding: 'utf8' });
  return res.status === 0 ? res.stdout.trim().split('\n')[0]! : null;
}

/** Resolves `--runtime auto|k6|engine`: auto takes real k6 when it is installed, the built-in engine otherwise. */
export function resolveRuntime(wanted: string): { runtime: Runtime; version: string } {
  if (wanted !== 'auto' && wanted !== 'k6' && wanted !== 'engine') throw new UsageError(`--runtime: "${wanted}" must be auto, k6 or engine`);
  const k6 = wanted === 'engine' ? null : k6Version();
  if (wanted === 'k6' && !k6) throw new UsageError('--runtime k6: no k6 binary on PATH (install k6, or use --runtime engine)');
  if (k6) return { runtime: 'k6', version: k6 };
  return { runtime: 'engine', version: `aetheris-bench engine (node ${process.versions.node})` };
}

/** What one load process needs. */
export interface LoadInvocation {
  runtime: Runtime;
  /** load/scenarios/<name>.ts for the engine; dist/k6/<name>.js for k6. */
  script: string;
  /** AB_* variables; secrets among them travel only in the child's environment, never argv. */
  env: Record<string, string>;
  /** Per-second HDR output (engine only). */
  timeseriesFile: string;
  /** k6 `--out json` file (k6 always; engine when asked). */
  ndjsonFile?: string;
  /** stdout + stderr of the load process go here. */
  logFile: string;
  signal?: AbortSignal;
}

/** The command line for a load run (exposed for tests and for the manifest; holds no secret). */
export function loadCommand(inv: LoadInvocation): { cmd: string; args: string[] } {
  if (inv.runtime === 'k6') {
    return { cmd: 'k6', args: ['run', '--quiet', `--out`, `json=${inv.ndjsonFile}`, inv.script] };
  }
  const args = [BIN, 'exec', inv.script, '--quiet', '--out', `timeseries=${inv.timeseriesFile}`];
  if (inv.ndjsonFile) args.push('--out', `json=${inv.ndjsonFile}`);
  return { cmd: process.execPath, args };
}

/**
 * Runs the workload to completion and resolves to the generator's exit code (k6's codes: 0, 99
 * thresholds failed, 107 script error, …). An abort signal sends SIGINT, which both k6 and the
 * engine treat as a graceful stop that still writes the summary.
 */
export function runLoad(inv: LoadInvocation): Promise<number> {
  const { cmd, args } = loadCommand(inv);
  const log = createWriteStream(inv.logFile, { flags: 'a' });
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...inv.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const onAbort = () => child.kill('SIGINT');
    inv.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (err) => reject(err));
    child.once('close', (code, sig) => {
      inv.signal?.removeEventListener('abort', onAbort);
      log.end(() => resolve(code ?? (sig === 'SIGINT' ? 105 : 255)));
    });
  });
}
