import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HarnessError } from '../harness/errors.ts';
import { redactText, redactUrl } from '../harness/redact.ts';
import { freePort, startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.ts';
import type { TargetConfig } from './config.ts';
import { applySchema } from './schema.ts';
import { assertPgReachable, assertPortFree } from './stack-preflight.ts';
import { ENTRY, spawnTarget, terminate, waitHealthy, waitWorkerReady, type TargetChild } from './stack-process.ts';
import { trackLiveStack } from './stack-signals.ts';

/** Stack log folders live under this prefix in $TMPDIR (unless a folder is given). */
export const STACK_DIR_PREFIX = 'aetheris-bench-stack-';

/** A TargetConfig with any part left out (absent keys take Aetheris defaults in the target processes). */
export type TargetConfigInput = { [K in keyof TargetConfig]?: TargetConfig[K] extends object ? Partial<TargetConfig[K]> : TargetConfig[K] };

/** What startStack starts. */
export interface StackOptions {
  /** Number of worker processes (≥ 0). */
  workers: number;
  /** API port on 127.0.0.1; a free one when absent. */
  apiPort?: number;
  /** An existing Postgres (schema applied, idempotently); embedded Postgres when absent. */
  pgUrl?: string;
  /** TargetConfig handed to every process as AETHERIS_TARGET_CONFIG (JSON); Aetheris defaults when absent. */
  config?: TargetConfigInput;
  /** Processes survive this one (stack up --detach); nothing is stopped on exit. */
  detached?: boolean;
  /** Folder for the process logs (created; removed by stop()); a fresh one under $TMPDIR when absent. */
  stackDir?: string;
  /** Called when the API or a worker exits without being told to (crash); gets its name and log tail. */
  onUnexpectedExit?: (name: string, logTail: string) => void;
  /** Per-process start timeout (default 60 s: the first tsx compile on a busy 2-core machine is slow). */
  startTimeoutMs?: number;
}

/** Timings of a worker kill (epoch milliseconds). */
export interface KillWorkerTimings {
  killed: string;
  killedPid: number;
  replacement: string;
  killedAt: number;
  exitedAt: number;
  replacementReadyAt: number;
}

/** Timings of an API restart (epoch milliseconds). */
export interface RestartApiTimings {
  stoppingAt: number;
  exitedAt: number;
  readyAt: number;
}

/** Timings of a database outage (epoch milliseconds). */
export interface DbOutageTimings {
  crashedAt: number;
  restartingAt: number;
  readyAt: number;
}

/** Pids and folders of a running stack: what `stack up --detach` writes to its state file. */
export interface StackRecord {
  apiUrl: string;
  apiPort: number;
  api: { pid: number; entry: string };
  workers: { id: string; pid: number; entry: string }[];
  /** How long a worker may take to exit after SIGTERM before it is SIGKILLed. */
  workerGraceMs: number;
  /** `url` is redacted: the state file never holds the password. */
  pg: { embedded: boolean; url: string; pid?: number; baseDir?: string };
  stackDir: string;
}

/** A running reference stack: embedded or given Postgres, one API process, N worker processes. */
export interface Stack {
  readonly apiUrl: string;
  /** Connection URL including the password: do not log it (see harness/redact.ts). */
  readonly pgUrl: string;
  readonly embedded: boolean;
  readonly stackDir: string;
  /** Ids of the workers currently running. */
  workers(): string[];
  /** SIGKILLs a worker (default: the oldest) and starts a replacement. */
  killWorker(id?: string): Promise<KillWorkerTimings>;
  /** SIGTERMs the API, waits for it to exit, starts it again on the same port, waits for /api/health. */
  restartApi(): Promise<RestartApiTimings>;
  /** Embedded Postgres only: immediate shutdown, `ms` without a database, start again. */
  dbOutage(ms: number): Promise<DbOutageTimings>;
  /** Pids and folders, for a state file. */
  record(): StackRecord;
  /** Stops every process it started, removes the data directory and the log folder. Idempotent. */
  stop(): Promise<void>;
}

// A worker's SIGTERM waits up to worker.shutdownGraceMs (Aetheris: 30 s) for in-flight jobs; SIGKILL only after that plus a margin.
const DEFAULT_WORKER_SHUTDOWN_MS = 30_000;
const SHUTDOWN_MARGIN_MS = 5_000;
const API_GRACE_MS = 10_000;

/** Starts the reference stack; bad input (taken port, unreachable pgUrl) is a UsageError before anything starts. */
export async function startStack(opts: StackOptions): Promise<Stack> {
  if (!Number.isInteger(opts.workers) || opts.workers < 0) throw new HarnessError(`startStack: workers must be a whole number ≥ 0, got ${opts.workers}`);
  if (opts.apiPort !== undefined) await assertPortFree(opts.apiPort, '--api-port');
  if (opts.pgUrl !== undefined) await assertPgReachable(opts.pgUrl, '--pg');
  const entries = ENTRY;
  for (const entry of Object.values(entries)) {
    if (!existsSync(entry)) throw new HarnessError(`stack: target entry point ${entry} is missing`);
  }

  const detached = opts.detached ?? false;
  const workerGraceMs = (opts.config?.worker?.shutdownGraceMs ?? DEFAULT_WORKER_SHUTDOWN_MS) + SHUTDOWN_MARGIN_MS;
  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  const stackDir = opts.stackDir ?? mkdtempSync(join(tmpdir(), STACK_DIR_PREFIX));
  mkdirSync(stackDir, { recursive: true, mode: 0o700 });
  const configEnv: Record<string, string> = opts.config ? { AETHERIS_TARGET_CONFIG: JSON.stringify(opts.config) } : {};

  let pg: EmbeddedPostgres | undefined;
  let api: TargetChild | undefined;
  const workers = new Map<string, TargetChild>();
  let nextWorker = 1;
  let stopping: Promise<void> | undefined;
  const expectedExit = new Set<TargetChild>();
  const watch = (child: TargetChild): TargetChild => {
    void child.exited().then(() => {
      if (!stopping && !expectedExit.has(child)) opts.onUnexpectedExit?.(child.name, child.logTail(10));
    });
    return child;
  };

  // Synchronous last resort for process exit: SIGKILL children (embedded-postgres kills its own server).
  const killNow = (): void => {
    for (const w of workers.values()) w.signal('SIGKILL');
    api?.signal('SIGKILL');
    rmSync(stackDir, { recursive: true, force: true });
  };
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await Promise.all([...[...workers.values()].map((w) => terminate(w, workerGraceMs)), api ? terminate(api, API_GRACE_MS) : undefined]);
      await pg?.stop();
      rmSync(stackDir, { recursive: true, force: true });
      untrack();
    })();
    return stopping;
  };
  // Tracked while starting even when detached, so an interrupted start leaves nothing behind.
  let untrack = trackLiveStack({ killNow, stop });

  const pgUrl = opts.pgUrl ?? '';
  let dsn = pgUrl;
  const startApi = async (port: number): Promise<TargetChild> => {
    const child = watch(spawnTarget({
      name: 'api',
      entry: entries.api,
      env: { JOBSTORE_DSN: dsn, API_PORT: String(port), ...configEnv },
      logFile: join(stackDir, 'api.log'),
      detached,
    }));
    api = child;
    await waitHealthy(child, `http://127.0.0.1:${port}`, timeoutMs);
    return child;
  };
  const startWorker = async (): Promise<string> => {
    const id = `w${nextWorker++}`;
    const child = watch(spawnTarget({
      name: `worker ${id}`,
      entry: entries.worker,
      env: { JOBSTORE_DSN: dsn, WORKER_ID: id, ...configEnv },
      logFile: join(stackDir, `worker-${id}.log`),
      detached,
    }));
    workers.set(id, child);
    await waitWorkerReady(child, id, timeoutMs);
    return id;
  };

  let apiPort: number;
  try {
    if (opts.pgUrl) {
      await applySchema(opts.pgUrl).catch((err: Error) => {
        throw new HarnessError(`--pg ${redactUrl(opts.pgUrl!)}: applying the Aetheris schema failed: ${redactText(err.message)}`);
      });
    } else {
      pg = await startEmbeddedPostgres({ detached });
      dsn = pg.url;
    }
    apiPort = opts.apiPort ?? (await freePort());
    await Promise.all([startApi(apiPort), ...Array.from({ length: opts.workers }, () => startWorker())]);
  } catch (err) {
    stopping = Promise.resolve();
    killNow();
    await Promise.all([...workers.values(), ...(api ? [api] : [])].map((c) => c.exited()));
    await pg?.stop();
    untrack();
    throw err;
  }
  if (detached) {
    untrack();
    untrack = () => undefined;
  }
  const apiUrl = `http://127.0.0.1:${apiPort}`;

  return {
    apiUrl,
    pgUrl: dsn,
    embedded: pg !== undefined,
    stackDir,
    workers: () => [...workers.entries()].filter(([, c]) => c.running()).map(([id]) => id),
    async killWorker(id) {
      const target = id ?? [...workers.entries()].find(([, c]) => c.running())?.[0];
      const child = target === undefined ? undefined : workers.get(target);
      if (!target || !child?.running()) throw new HarnessError(`killWorker: no running worker${id ? ` with id ${id}` : ''}`);
      const killedAt = Date.now();
      expectedExit.add(child);
      child.signal('SIGKILL');
      await child.exited();
      const exitedAt = Date.now();
      workers.delete(target);
      const replacement = await startWorker();
      return { killed: target, killedPid: child.pid, replacement, killedAt, exitedAt, replacementReadyAt: Date.now() };
    },
    async restartApi() {
      const stoppingAt = Date.now();
      if (api) {
        expectedExit.add(api);
        await terminate(api, API_GRACE_MS);
      }
      const exitedAt = Date.now();
      await startApi(apiPort);
      return { stoppingAt, exitedAt, readyAt: Date.now() };
    },
    async dbOutage(ms) {
      if (!pg) throw new HarnessError('db outage: only possible on the embedded Postgres (this stack was given --pg)');
      const crashedAt = Date.now();
      await pg.crash();
      await new Promise((r) => setTimeout(r, ms));
      const restartingAt = Date.now();
      await pg.start();
      return { crashedAt, restartingAt, readyAt: Date.now() };
    },
    record: () => ({
      apiUrl,
      apiPort,
      api: { pid: api?.pid ?? 0, entry: entries.api },
      workers: [...workers.entries()].map(([id, c]) => ({ id, pid: c.pid, entry: entries.worker })),
      workerGraceMs,
      pg: pg ? { embedded: true, url: redactUrl(pg.url), pid: pg.pid(), baseDir: pg.baseDir } : { embedded: false, url: redactUrl(pgUrl) },
      stackDir,
    }),
    stop,
  };
}
