// Runs a k6 script on the project's engine exactly as a user would (`aetheris-bench exec`), pinned
// to the generator core, and reads k6's summary export it writes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, GENERATOR_CORE, runChild, type ChildRun } from './child.ts';

/** The k6 scripts the engine benchmarks run (bench/k6/). */
export const K6_SCRIPTS = {
  nullGet: fileURLToPath(new URL('./k6/null-get.js', import.meta.url)),
  arrivalRate: fileURLToPath(new URL('./k6/arrival-rate.js', import.meta.url)),
};

/** The parts of k6's legacy summary export the benchmarks read (times in ms). */
export interface SummaryExport {
  metrics: Record<string, Record<string, number> | undefined>;
}

/** One engine run. */
export interface EngineRun {
  run: ChildRun;
  summary: SummaryExport;
  /** user + sys CPU seconds of the whole engine process (all worker threads). */
  cpuS: number;
  /** The engine's own `WARN generator_saturated …` line, when it judged itself the bottleneck. */
  saturated: string | null;
}

let seq = 0;

/** `aetheris-bench exec SCRIPT --workers N --quiet --summary-export F -e K=V…`; throws unless it exits 0. */
export async function runEngine(
  script: string,
  o: { workers: number; env: Record<string, string>; workDir: string; timeoutMs: number; onSpawn?: (pid: number) => void },
): Promise<EngineRun> {
  const summaryFile = join(o.workDir, `summary-${process.pid}-${seq++}.json`);
  const args = [CLI, 'exec', script, '--workers', String(o.workers), '--quiet', '--no-color', '--summary-export', summaryFile];
  for (const [k, v] of Object.entries(o.env)) args.push('--env', `${k}=${v}`);
  const run = await runChild(process.execPath, args, { core: GENERATOR_CORE, timeoutMs: o.timeoutMs, workDir: o.workDir, onSpawn: o.onSpawn });
  const tail = () => `${run.stderr}\n${run.stdout}`.trim().split('\n').slice(-3).join(' / ');
  if (run.timedOut) throw new Error(`exec ${script.split('/').pop()} did not finish within ${o.timeoutMs / 1000} s: ${tail()}`);
  if (run.code !== 0) throw new Error(`exec ${script.split('/').pop()} --workers ${o.workers} exited ${run.code}: ${tail()}`);
  if (!existsSync(summaryFile)) throw new Error(`exec wrote no summary export (${summaryFile})`);
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as SummaryExport;
  const saturated = run.stderr.split('\n').find((l) => l.includes('generator_saturated')) ?? null;
  return { run, summary, cpuS: run.userS + run.sysS, saturated };
}

/** A counter's count from a summary export (0 when k6 left the metric out because nothing was counted). */
export function countOf(s: SummaryExport, metric: string): number {
  return s.metrics[metric]?.count ?? 0;
}

/** A saturating run of bench/k6/null-get.js (constant-vus) against `url`; throws unless every request succeeded. */
export async function runNullGet(o: { url: string; workers: number; vus: number; durationS: number; workDir: string; onSpawn?: (pid: number) => void }): Promise<EngineRun & { reqs: number }> {
  const r = await runEngine(K6_SCRIPTS.nullGet, {
    workers: o.workers,
    env: { URL: o.url, VUS: String(o.vus), DURATION: `${o.durationS}s` },
    workDir: o.workDir,
    timeoutMs: (o.durationS + 120) * 1000,
    onSpawn: o.onSpawn,
  });
  const reqs = countOf(r.summary, 'http_reqs');
  const failed = r.summary.metrics.http_req_failed?.passes ?? 0;
  if (reqs === 0 || failed > 0) throw new Error(`engine --workers ${o.workers}: ${reqs} requests, ${failed} failed`);
  return { ...r, reqs };
}
