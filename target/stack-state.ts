import { existsSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../harness/errors.ts';
import type { StackRecord } from './stack.ts';
import { processMatches } from './stack-process.ts';

/**
 * The state file of a detached stack (`stack up --detach`): which pids and folders belong to it,
 * so that `stack status` and `stack down`, run later from another process, can find them. Every pid
 * is checked against its recorded command line before it is signalled, so a reused pid is left alone.
 */

/** Contents of the state file. */
export interface StackState {
  version: 1;
  createdAt: string;
  record: StackRecord;
}

/** Liveness of one recorded process. */
export interface ProcessStatus {
  pid: number;
  alive: boolean;
}

/** What `stack status` reports. */
export interface StackStatus {
  api: ProcessStatus & { url: string; health: 'ok' | string };
  workers: (ProcessStatus & { id: string })[];
  pg: { embedded: boolean; url: string } & Partial<ProcessStatus>;
  /** Every recorded process alive and /api/health answering 200. */
  healthy: boolean;
}

/** The default state file: `.stack/stack.json` in the working directory. */
export function defaultStateFile(cwd = process.cwd()): string {
  return join(cwd, '.stack', 'stack.json');
}

/** The log folder that belongs to a state file (`.stack/stack-logs` for `.stack/stack.json`). */
export function logDirFor(stateFile: string): string {
  return stateFile.replace(/(\.json)?$/, '-logs');
}

/** Throws a UsageError when a stack is already recorded in `file` (nothing is ever overwritten). */
export function assertNoState(file: string): void {
  if (existsSync(file)) throw new UsageError(`${file}: a detached stack is already recorded here (run \`aetheris-bench stack down\` first, or pass --state FILE)`);
}

/** Writes the state file atomically (temp file + rename), readable by the owner only. */
export function writeState(file: string, record: StackRecord): void {
  const state: StackState = { version: 1, createdAt: new Date().toISOString(), record };
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** Reads a state file; a missing or malformed one is a UsageError naming the file. */
export function readState(file: string): StackState {
  if (!existsSync(file)) throw new UsageError(`${file}: no detached stack recorded here (start one with \`aetheris-bench stack up --detach\`)`);
  let state: StackState;
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as StackState;
  } catch (err) {
    throw new UsageError(`${file}: not a stack state file (${(err as Error).message.split('\n')[0]})`);
  }
  const r = state?.record;
  if (state?.version !== 1 || !r || typeof r.api?.pid !== 'number' || !Array.isArray(r.workers) || typeof r.stackDir !== 'string' || !r.pg) {
    throw new UsageError(`${file}: not a stack state file written by this version (missing version/record fields)`);
  }
  return state;
}

async function apiHealth(url: string): Promise<string> {
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status === 200 ? 'ok' : `HTTP ${res.status}`;
  } catch (err) {
    return `unreachable (${(err as Error).name === 'TimeoutError' ? 'timeout' : 'connection failed'})`;
  }
}

function pgMarker(r: StackRecord): string | undefined {
  return r.pg.baseDir ? join(r.pg.baseDir, 'data') : undefined;
}

/** Which recorded processes are alive, and whether the API answers /api/health. */
export async function stackStatus(state: StackState): Promise<StackStatus> {
  const r = state.record;
  const api = { pid: r.api.pid, alive: processMatches(r.api.pid, r.api.entry), url: r.apiUrl, health: await apiHealth(r.apiUrl) };
  const workers = r.workers.map((w) => ({ id: w.id, pid: w.pid, alive: processMatches(w.pid, w.entry) }));
  const marker = pgMarker(r);
  const pg = r.pg.embedded && r.pg.pid && marker ? { embedded: true, url: r.pg.url, pid: r.pg.pid, alive: processMatches(r.pg.pid, marker) } : { embedded: false, url: r.pg.url };
  const healthy = api.alive && api.health === 'ok' && workers.every((w) => w.alive) && (pg.alive ?? true);
  return { api, workers, pg, healthy };
}

async function waitGone(pid: number, marker: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processMatches(pid, marker)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !processMatches(pid, marker);
}

async function stopPid(pid: number, marker: string, signal: NodeJS.Signals, graceMs: number): Promise<boolean> {
  if (!processMatches(pid, marker)) return false;
  try {
    process.kill(pid, signal);
  } catch {
    return false;
  }
  if (await waitGone(pid, marker, graceMs)) return true;
  try {
    if (processMatches(pid, marker)) process.kill(pid, 'SIGKILL');
  } catch {
    /* exited between the check and the kill */
  }
  await waitGone(pid, marker, 10_000);
  return true;
}

/** What `stack down` did. */
export interface DownReport {
  stopped: number[];
  removed: string[];
}

/**
 * Stops every recorded process (SIGTERM, then SIGKILL after a grace period; Postgres gets a fast
 * shutdown), removes the data directory, the log folder and the state file.
 */
export async function stackDown(file: string, state: StackState): Promise<DownReport> {
  const r = state.record;
  const targets = [{ pid: r.api.pid, marker: r.api.entry, grace: 10_000 }, ...r.workers.map((w) => ({ pid: w.pid, marker: w.entry, grace: r.workerGraceMs ?? 35_000 }))];
  const stopped: number[] = [];
  const results = await Promise.all(targets.map((t) => stopPid(t.pid, t.marker, 'SIGTERM', t.grace)));
  targets.forEach((t, i) => results[i] && stopped.push(t.pid));
  const marker = pgMarker(r);
  // After the API and workers, so they do not log a storm of connection errors on the way out.
  if (r.pg.embedded && r.pg.pid && marker && (await stopPid(r.pg.pid, marker, 'SIGINT', 20_000))) stopped.push(r.pg.pid);
  const removed: string[] = [];
  for (const dir of [r.pg.baseDir, r.stackDir]) {
    if (dir && existsSync(dir)) {
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    }
  }
  rmSync(file, { force: true });
  removed.push(file);
  const parent = dirname(file);
  if (parent.endsWith('.stack') && existsSync(parent) && readdirSync(parent).length === 0) rmdirSync(parent);
  return { stopped, removed };
}
