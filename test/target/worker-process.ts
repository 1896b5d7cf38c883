// Spawns target/worker/main.ts as a real OS process, as the stack supervisor does, so tests can SIGKILL it.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TargetConfig } from '../../target/config.ts';

const MAIN = fileURLToPath(new URL('../../target/worker/main.ts', import.meta.url));

/** A worker process and a way to wait for its exit. */
export interface WorkerProcess {
  proc: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** Starts a worker process and resolves once it printed its ready line (or rejects after 20 s). */
export async function spawnWorker(dsn: string, workerId: string, config: TargetConfig, extraEnv: Record<string, string> = {}): Promise<WorkerProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, JOBSTORE_DSN: dsn, WORKER_ID: workerId, AETHERIS_TARGET_CONFIG: JSON.stringify(config), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`worker ${workerId} not ready after 20 s: ${err}`)), 20_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('"ready":true')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`worker ${workerId} exited (${code}) before ready: ${err}`));
    });
  });
  return { proc, exited, stderr: () => err };
}

/** SIGKILLs a worker process if it still runs, and waits for it to be gone. */
export async function killWorker(w: WorkerProcess | undefined): Promise<void> {
  if (!w) return;
  if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
  await w.exited;
}
