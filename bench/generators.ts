// The reference load generators the engine is compared with (issue 3): wrk and autocannon, each
// pinned to the generator core with 50 keep-alive connections.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GENERATOR_CORE, runChild } from './child.ts';

/** Requests per second (count / duration) of one generator run. */
export interface GeneratorRate {
  rps: number;
  /** user + sys CPU seconds of the generator process. */
  cpuS: number;
}

/** wrk with one thread, `connections` connections, for `durationS`. */
export async function runWrk(wrk: string, url: string, connections: number, durationS: number, workDir: string): Promise<GeneratorRate> {
  const run = await runChild(wrk, ['-t1', `-c${connections}`, `-d${durationS}s`, url], { core: GENERATOR_CORE, timeoutMs: (durationS + 30) * 1000, workDir });
  const m = /Requests\/sec:\s+([\d.]+)/.exec(run.stdout);
  if (run.code !== 0 || !m) throw new Error(`wrk exited ${run.code}: ${(run.stderr || run.stdout).trim().split('\n').pop()}`);
  const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: .*/.exec(run.stdout);
  if (errors) throw new Error(`wrk saw errors: ${errors[0]}`);
  return { rps: Number(m[1]), cpuS: run.userS + run.sysS };
}

/** Path of autocannon's CLI (a devDependency). */
export function autocannonCli(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('autocannon/package.json')), 'autocannon.js');
}

/** autocannon (one process, no worker threads), `connections` connections, for `durationS`. */
export async function runAutocannon(url: string, connections: number, durationS: number, workDir: string): Promise<GeneratorRate & { p50Ms: number }> {
  const run = await runChild(process.execPath, [autocannonCli(), '-c', String(connections), '-d', String(durationS), '--json', url], {
    core: GENERATOR_CORE,
    timeoutMs: (durationS + 30) * 1000,
    workDir,
  });
  if (run.code !== 0) throw new Error(`autocannon exited ${run.code}: ${run.stderr.trim().split('\n').pop()}`);
  const json = JSON.parse(run.stdout.trim().split('\n').pop()!) as { requests: { total: number }; duration: number; errors: number; non2xx: number; latency: { p50: number } };
  if (json.errors > 0 || json.non2xx > 0) throw new Error(`autocannon saw ${json.errors} errors and ${json.non2xx} non-2xx answers`);
  return { rps: json.requests.total / json.duration, cpuS: run.userS + run.sysS, p50Ms: json.latency.p50 };
}
