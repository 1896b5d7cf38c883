import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack, type StackRecord } from '../../target/stack.ts';
import { alive, submitJob, waitJobTerminal } from './helpers.ts';

// The real API and worker processes on an embedded Postgres. Short lease and poll only make the
// test quicker (a job orphaned by a SIGKILL is re-claimed after the 2 s lease, not Aetheris's 30 s).
let stack: Stack;
let first: StackRecord;

beforeAll(async () => {
  stack = await startStack({ workers: 2, config: { leaseMs: 2000, worker: { pollIntervalMs: 100 } } });
  first = stack.record();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
}, 120_000);

describe('startStack drills (real processes, real Postgres)', () => {
  it('serves a job end to end', async () => {
    expect(stack.workers()).toEqual(['w1', 'w2']);
    expect(stack.embedded).toBe(true);
    const job = await submitJob(stack.apiUrl);
    expect(await waitJobTerminal(stack.apiUrl, job)).toBe('completed');
  }, 60_000);

  it('killWorker SIGKILLs a worker, starts a replacement, and the stack keeps serving', async () => {
    const inflight = await submitJob(stack.apiUrl, 'submitted just before the kill');
    const t = await stack.killWorker('w1');
    expect(t.killed).toBe('w1');
    expect(t.replacement).toBe('w3');
    expect(alive(t.killedPid)).toBe(false);
    expect(t.killedAt).toBeLessThanOrEqual(t.exitedAt);
    expect(t.exitedAt).toBeLessThanOrEqual(t.replacementReadyAt);
    expect(stack.workers()).toEqual(['w2', 'w3']);
    // Whether w1 held it or not, the job finishes (re-claimed after the lease if it was orphaned).
    expect(await waitJobTerminal(stack.apiUrl, inflight)).toBe('completed');
    const after = await submitJob(stack.apiUrl);
    expect(await waitJobTerminal(stack.apiUrl, after)).toBe('completed');
  }, 90_000);

  it('restartApi stops the API process, starts a new one on the same URL, and it serves again', async () => {
    const before = stack.record().api.pid;
    const t = await stack.restartApi();
    expect(t.stoppingAt).toBeLessThanOrEqual(t.exitedAt);
    expect(t.exitedAt).toBeLessThanOrEqual(t.readyAt);
    expect(alive(before)).toBe(false);
    expect(stack.record().api.pid).not.toBe(before);
    expect(stack.record().apiUrl).toBe(first.apiUrl);
    // Agents live in API memory and were lost; submitJob creates a fresh one, as a client must.
    const job = await submitJob(stack.apiUrl);
    expect(await waitJobTerminal(stack.apiUrl, job)).toBe('completed');
  }, 90_000);

  it('dbOutage crashes Postgres, starts it again after the outage, and the stack keeps serving', async () => {
    const pgBefore = stack.record().pg.pid!;
    const t = await stack.dbOutage(1500);
    // setTimeout never fires early, so the gap is at least the outage asked for (no upper bound: shared machine).
    expect(t.restartingAt - t.crashedAt).toBeGreaterThanOrEqual(1500);
    expect(alive(pgBefore)).toBe(false);
    expect(stack.record().pg.pid).not.toBe(pgBefore);
    const job = await submitJob(stack.apiUrl);
    expect(await waitJobTerminal(stack.apiUrl, job)).toBe('completed');
    expect(stack.workers()).toEqual(['w2', 'w3']);
  }, 90_000);

  it('stop leaves no process, no data directory and no log folder', async () => {
    const rec = stack.record();
    await stack.stop();
    for (const pid of [rec.api.pid, ...rec.workers.map((w) => w.pid), rec.pg.pid!]) expect(alive(pid)).toBe(false);
    expect(existsSync(rec.pg.baseDir!)).toBe(false);
    expect(existsSync(rec.stackDir)).toBe(false);
    await stack.stop(); // idempotent
  }, 90_000);
});
