// Runs the programs a benchmark measures as child processes, pinned to a core and bounded in time,
// and reads their CPU time and peak memory from GNU time (the kernel's rusage of the whole tree).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HarnessError } from '../harness/errors.ts';
import { processTree, rssKiB } from './proc-stats.ts';

/** Where the aetheris-bench CLI lives, for benchmarks that measure it as a subprocess. */
export const CLI = fileURLToPath(new URL('../bin/aetheris-bench.mjs', import.meta.url));

/** Core the servers run on and core the load generators run on (issue 3). */
export const SERVER_CORE = 0;
export const GENERATOR_CORE = 1;

/** The result of one bounded child run. */
export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  wallS: number;
  /** User and system CPU seconds of the child and every descendant it waited for (GNU time). */
  userS: number;
  sysS: number;
  /** Peak resident set size of the largest process in the tree, KiB (GNU time's %M). */
  maxRssKiB: number;
  timedOut: boolean;
}

/** Options of runChild. */
export interface RunOptions {
  /** Pin to this CPU core with taskset (skipped when taskset is missing). */
  core?: number;
  /** SIGKILL after this long. */
  timeoutMs: number;
  /** Scratch folder for GNU time's output file. */
  workDir: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called with the child's pid once it runs (for /proc sampling). */
  onSpawn?: (pid: number) => void;
}

const GNU_TIME = '/usr/bin/time';
let seq = 0;

// Process groups of children still running: killed when bench-all exits, however it exits.
const liveGroups = new Set<number>();
let exitHook = false;
function track(pid: number): () => void {
  if (!exitHook) {
    exitHook = true;
    process.on('exit', () => {
      for (const g of liveGroups) {
        try {
          process.kill(-g, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    });
  }
  liveGroups.add(pid);
  return () => liveGroups.delete(pid);
}

/**
 * Pids of the program runChild started under `root` (its onSpawn pid): without GNU time's own
 * process, which wraps the program when /usr/bin/time exists. Empty once the program has exited.
 */
function programPids(root: number): number[] {
  const pids = processTree(root);
  return existsSync(GNU_TIME) ? pids.slice(1) : pids;
}

/** One RSS sample of a running program: seconds since it started, RSS of its largest process (KiB). */
export interface RssSample {
  t: number;
  kib: number;
}

/**
 * Samples the RSS of the program runChild starts every `intervalMs`: pass `onSpawn` to runChild,
 * call `stop()` once it has finished. Read from /proc, so the whole run is seen, not only its peak.
 */
export function sampleProgramRss(intervalMs: number): { onSpawn(pid: number): void; stop(): RssSample[] } {
  const samples: RssSample[] = [];
  let root = 0;
  let t0 = 0;
  const timer = setInterval(() => {
    if (!root) return;
    const pids = programPids(root);
    if (pids.length > 0) samples.push({ t: (performance.now() - t0) / 1000, kib: Math.max(...pids.map(rssKiB)) });
  }, intervalMs);
  return {
    onSpawn(pid) {
      root = pid;
      t0 = performance.now();
    },
    stop() {
      clearInterval(timer);
      return samples;
    },
  };
}

/** `cmd args` prefixed with `taskset -c CORE` when a core is given and taskset exists. */
export function pinned(core: number | undefined, cmd: string, args: string[]): [string, string[]] {
  if (core === undefined || !existsSync('/usr/bin/taskset')) return [cmd, args];
  return ['/usr/bin/taskset', ['-c', String(core), cmd, ...args]];
}

/** Runs a command to completion (or timeout) and returns its output, CPU time and peak RSS. */
export function runChild(cmd: string, args: string[], o: RunOptions): Promise<ChildRun> {
  const timeFile = join(o.workDir, `.time-${process.pid}-${seq++}.txt`);
  const [pcmd, pargs] = pinned(o.core, cmd, args);
  const useTime = existsSync(GNU_TIME);
  const [fcmd, fargs] = useTime ? [GNU_TIME, ['-q', '-f', '%U %S %M', '-o', timeFile, pcmd, ...pargs]] : [pcmd, pargs];
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(fcmd, fargs, { cwd: o.cwd, env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const untrack = child.pid !== undefined ? track(child.pid) : () => undefined;
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout = (stdout + d).slice(-2_000_000)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-200_000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child);
    }, o.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new HarnessError(`bench: cannot start ${cmd}: ${err.message}`));
    });
    if (child.pid !== undefined) o.onSpawn?.(child.pid);
    child.on('close', (code) => {
      clearTimeout(timer);
      untrack();
      const wallS = (performance.now() - started) / 1000;
      let userS = Number.NaN;
      let sysS = Number.NaN;
      let maxRssKiB = Number.NaN;
      if (useTime && existsSync(timeFile)) {
        const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
        const m = /^([\d.]+) ([\d.]+) (\d+)$/.exec(last);
        if (m) [userS, sysS, maxRssKiB] = [Number(m[1]), Number(m[2]), Number(m[3])];
        rmSync(timeFile, { force: true });
      }
      resolve({ code, stdout, stderr, wallS, userS, sysS, maxRssKiB, timedOut });
    });
  });
}

/** SIGKILLs a child started in its own process group, with every descendant. */
function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** A long-lived helper process (a null server): stop() ends it and waits. */
export interface Background {
  pid: number;
  /** First line it printed on stdout (servers print their port). */
  firstLine: string;
  /** Log tail, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts a background process in its own process group and waits for its first stdout line (or,
 * with `readyLine: false`, for `readyProbe` to succeed). Stopped with SIGTERM, then SIGKILL.
 */
export async function startBackground(
  cmd: string,
  args: string[],
  o: { core?: number; startTimeoutMs: number; readyProbe?: () => Promise<boolean>; env?: NodeJS.ProcessEnv },
): Promise<Background> {
  const [pcmd, pargs] = pinned(o.core, cmd, args);
  const child = spawn(pcmd, pargs, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: o.env ?? process.env });
  let out = '';
  const untrack = child.pid !== undefined ? track(child.pid) : () => undefined;
  const closed = new Promise<void>((r) => child.on('close', () => r()));
  child.on('error', () => undefined);
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out = (out + d).slice(-20_000)));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out = (out + d).slice(-20_000)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) {
      untrack();
      return;
    }
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const hard = setTimeout(() => killTree(child), 3000);
    await closed;
    clearTimeout(hard);
    untrack();
  };
  const deadline = Date.now() + o.startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new HarnessError(`bench: ${cmd} exited during start: ${out.trim().split('\n').slice(-3).join(' / ')}`);
    }
    const ready = o.readyProbe ? await o.readyProbe().catch(() => false) : out.includes('\n');
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new HarnessError(`bench: ${cmd} not ready after ${o.startTimeoutMs} ms: ${out.trim().split('\n').slice(-3).join(' / ')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { pid: child.pid!, firstLine: out.split('\n')[0]!.trim(), output: () => out, stop };
}
