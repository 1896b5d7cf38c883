import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HarnessError } from '../harness/errors.ts';
import { redactText } from '../harness/redact.ts';

/** Repository root: children run with it as cwd so `--import tsx` resolves from our node_modules. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Absolute paths of the two target entry points the supervisor starts. */
export const ENTRY = {
  api: fileURLToPath(new URL('./api/main.ts', import.meta.url)),
  worker: fileURLToPath(new URL('./worker/main.ts', import.meta.url)),
} as const;

/** How to start one target process. */
export interface ChildSpec {
  /** Name used in messages ("api", "worker w1"). */
  name: string;
  /** TypeScript entry file run with `node --import tsx`. */
  entry: string;
  /** Extra environment (JOBSTORE_DSN, API_PORT, …). */
  env: Record<string, string>;
  /** File receiving the child's stdout and stderr. */
  logFile: string;
  /** Own process group, survives this process (stack up --detach). */
  detached: boolean;
}

/** A target process started by the supervisor. */
export interface TargetChild {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves when the process has exited (immediately if it already has). */
  exited(): Promise<void>;
  /** True until the process exits. */
  running(): boolean;
  /** Sends a signal; no-op when it already exited. */
  signal(sig: NodeJS.Signals): void;
  /** Last lines of its log, with secrets removed. */
  logTail(lines?: number): string;
}

/** Last `lines` lines of a log file, secrets removed (logs go into error messages). */
export function readLogTail(file: string, lines = 15): string {
  if (!existsSync(file)) return '(no log)';
  const text = readFileSync(file, 'utf8').trimEnd();
  return text ? redactText(text.split('\n').slice(-lines).join('\n')) : '(log is empty)';
}

/** Starts `node --import tsx <entry>` with stdout/stderr appended to the log file. */
export function spawnTarget(spec: ChildSpec): TargetChild {
  const fd = openSync(spec.logFile, 'a', 0o600);
  let proc: ChildProcess;
  try {
    proc = spawn(process.execPath, ['--import', 'tsx', spec.entry], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...spec.env },
      // Files, not pipes: a detached child must keep logging after this process is gone.
      stdio: ['ignore', fd, fd],
      detached: spec.detached,
    });
  } finally {
    closeSync(fd);
  }
  if (!proc.pid) throw new HarnessError(`${spec.name}: could not start ${process.execPath}`);
  if (spec.detached) proc.unref();
  let done = false;
  const exit = new Promise<void>((resolve) => {
    proc.once('exit', () => {
      done = true;
      resolve();
    });
  });
  return {
    name: spec.name,
    pid: proc.pid,
    logFile: spec.logFile,
    exited: () => exit,
    running: () => !done,
    signal(sig) {
      if (done) return;
      try {
        process.kill(proc.pid!, sig);
      } catch {
        /* exited between the check and the kill */
      }
    },
    logTail: (lines) => readLogTail(spec.logFile, lines),
  };
}

/** Sends SIGTERM, waits up to `graceMs`, then SIGKILL; resolves once the process is gone. */
export async function terminate(child: TargetChild, graceMs: number): Promise<void> {
  if (!child.running()) return;
  child.signal('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs)));
  const gone = await Promise.race([child.exited().then(() => false), timedOut]);
  clearTimeout(timer);
  if (gone) {
    child.signal('SIGKILL');
    await child.exited();
  }
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Waits until `GET <apiUrl>/api/health` answers 200; fails with the log tail if the process exits or time runs out. */
export async function waitHealthy(child: TargetChild, apiUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!child.running()) throw new HarnessError(`${child.name} exited during start; log tail (${basename(child.logFile)}):\n${child.logTail()}`);
    try {
      const res = await fetch(`${apiUrl}/api/health`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  throw new HarnessError(`${child.name} did not answer /api/health within ${timeoutMs / 1000}s; log tail (${basename(child.logFile)}):\n${child.logTail()}`);
}

/** Waits for the worker's `{"ready":true,"worker":"<id>"}` line in its log. */
export async function waitWorkerReady(child: TargetChild, workerId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!child.running()) throw new HarnessError(`${child.name} exited during start; log tail (${basename(child.logFile)}):\n${child.logTail()}`);
    if (existsSync(child.logFile)) {
      for (const line of readFileSync(child.logFile, 'utf8').split('\n')) {
        if (!line.startsWith('{') || !line.includes('"ready"')) continue;
        try {
          const msg = JSON.parse(line) as { ready?: unknown; worker?: unknown };
          if (msg.ready === true && msg.worker === workerId) return;
        } catch {
          /* a log line that merely looks like JSON */
        }
      }
    }
    await sleep(50);
  }
  throw new HarnessError(`${child.name} did not report ready within ${timeoutMs / 1000}s; log tail (${basename(child.logFile)}):\n${child.logTail()}`);
}

/**
 * Whether `pid` is a live (not zombie) process whose command line contains `mustContain`.
 * The check on the command line keeps `stack down` from signalling an unrelated process
 * that reused a recorded pid.
 */
export function processMatches(pid: number, mustContain: string): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  let out: string;
  try {
    out = execFileSync('ps', ['-ww', '-o', 'stat=,args=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return false; // ps exits 1 when the pid does not exist
  }
  const line = out.trim();
  if (!line || line.startsWith('Z')) return false;
  return line.includes(mustContain);
}
