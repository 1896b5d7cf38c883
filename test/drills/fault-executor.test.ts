import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFaultLog } from '../../harness/fault-log.ts';
import { validateFaults } from '../../harness/fault-spec.ts';
import { faultHarnessProblems, runFaultSchedule, type FaultStack } from '../../harness/faults.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ab-faults-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

/** A Stack stand-in that records what it was asked to do; the real one is exercised in embedded-drill.test.ts. */
function fakeStack(fail?: 'restartApi') {
  const calls: Array<{ name: string; arg?: unknown; at: number }> = [];
  const stack: FaultStack = {
    async killWorker(id?: string) {
      calls.push({ name: 'killWorker', arg: id, at: Date.now() });
      const killedAt = Date.now();
      await new Promise((r) => setTimeout(r, 20));
      return { killed: 'w1', replacement: 'w3', killedAt, exitedAt: killedAt + 5, replacementReadyAt: Date.now() };
    },
    async restartApi() {
      calls.push({ name: 'restartApi', at: Date.now() });
      if (fail === 'restartApi') throw new Error('api did not come back: postgres://u:hunter2@127.0.0.1:5/db');
      return { stoppingAt: Date.now(), exitedAt: Date.now(), readyAt: Date.now() };
    },
    async dbOutage(ms: number) {
      calls.push({ name: 'dbOutage', arg: ms, at: Date.now() });
      const crashedAt = Date.now();
      await new Promise((r) => setTimeout(r, ms));
      return { crashedAt, restartingAt: Date.now(), readyAt: Date.now() };
    },
  };
  return { stack, calls };
}

describe('runFaultSchedule on an embedded stack', () => {
  it('calls the Stack method of each fault at its time, in order, and logs one line each', async () => {
    const { stack, calls } = fakeStack();
    const outFile = join(dir, 'run', 'faults.ndjson');
    const faults = validateFaults([{ at: '300ms', action: 'db-outage', for: '150ms' }, { at: '100ms', action: 'kill-worker' }, { at: '200ms', action: 'restart-api' }], 'p.json');
    const startedAt = Date.now();
    const records = await runFaultSchedule({ faults, startedAt, stack, outFile, signal: new AbortController().signal, log: () => undefined });
    expect(calls.map((c) => c.name)).toEqual(['killWorker', 'restartApi', 'dbOutage']);
    expect(calls[2]!.arg).toBe(150);
    // Each call happens no earlier than planned (timers never fire early; lateness is not asserted: shared machine).
    expect(calls[0]!.at).toBeGreaterThanOrEqual(startedAt + 100);
    expect(calls[1]!.at).toBeGreaterThanOrEqual(startedAt + 200);
    expect(calls[2]!.at).toBeGreaterThanOrEqual(startedAt + 300);
    const logged = lines(outFile);
    expect(logged).toHaveLength(3);
    expect(logged).toEqual(JSON.parse(JSON.stringify(records)));
    for (const l of logged) {
      expect(l).toMatchObject({ kind: 'fault', command: 'embedded', exitCode: 0, status: 'ok', ok: true });
      expect(l.endedAt).toBeGreaterThanOrEqual(l.startedAt);
      expect(l.window.end).toBeGreaterThanOrEqual(l.window.start);
    }
    // The db-outage window comes from the stack's own timings and spans the outage.
    expect(logged[2].window.end - logged[2].window.start).toBeGreaterThanOrEqual(150);
    expect(logged[0].detail).toMatchObject({ killed: 'w1', replacement: 'w3' });
    expect(faultHarnessProblems(records)).toEqual([]);
    expect(readFaultLog(outFile)).toEqual(logged);
  });

  it('records a Stack method that throws as a harness problem, with secrets redacted', async () => {
    const { stack } = fakeStack('restartApi');
    const outFile = join(dir, 'faults.ndjson');
    const records = await runFaultSchedule({ faults: [{ at: '0s', action: 'restart-api' }], startedAt: Date.now(), stack, outFile, signal: new AbortController().signal, log: () => undefined });
    expect(records[0]).toMatchObject({ status: 'error', ok: false, exitCode: null });
    const text = readFileSync(outFile, 'utf8');
    expect(text).not.toContain('hunter2');
    expect(faultHarnessProblems(records)).toEqual([expect.stringMatching(/^fault #0 restart-api at 0s: embedded restart-api failed: api did not come back/)]);
  });

  it('writes an aborted line for faults the load never reached', async () => {
    const { stack, calls } = fakeStack();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const records = await runFaultSchedule({ faults: [{ at: '10ms', action: 'kill-worker' }, { at: '1h', action: 'restart-api' }], startedAt: Date.now(), stack, outFile: join(dir, 'f.ndjson'), signal: ac.signal, log: () => undefined });
    expect(calls.map((c) => c.name)).toEqual(['killWorker']);
    expect(records.map((r) => r.status)).toEqual(['ok', 'aborted']);
    expect(records[1]!.window).toBeNull();
  });
});

describe('runFaultSchedule against a deployment (shell commands)', () => {
  it('runs the command, waits `for`, runs the recover command, and keeps redacted output', async () => {
    const outFile = join(dir, 'faults.ndjson');
    const marker = join(dir, 'marker');
    const commands = {
      'db-outage': `echo stopping with PGPASSWORD=s3cret; echo down > ${marker}`,
      'recover-db-outage': `cat ${marker}; echo token=abc123 >&2`,
    };
    const notes: string[] = [];
    const records = await runFaultSchedule({ faults: [{ at: '0s', action: 'db-outage', for: '200ms' }], startedAt: Date.now(), commands, outFile, signal: new AbortController().signal, log: (l) => notes.push(l) });
    const [rec] = records;
    expect(rec).toMatchObject({ status: 'ok', ok: true, exitCode: 0 });
    expect(rec!.output).toContain('stopping with PGPASSWORD=***');
    expect(rec!.command).toContain('PGPASSWORD=***');
    expect(rec!.recover).toMatchObject({ exitCode: 0 });
    expect(rec!.recover!.output).toContain('down');
    expect(rec!.recover!.output).toContain('token=***');
    // The window runs from the fault command's start to the recover command's end, and includes `for`.
    expect(rec!.recover!.startedAt - rec!.window!.start).toBeGreaterThanOrEqual(200);
    expect(rec!.window!.end).toBe(rec!.recover!.endedAt);
    const text = readFileSync(outFile, 'utf8');
    expect(text).not.toMatch(/s3cret|abc123/);
    expect(notes.join('\n')).not.toMatch(/s3cret/);
  });

  it('a failing fault command is a harness problem, and the recover command still runs', async () => {
    const outFile = join(dir, 'faults.ndjson');
    const records = await runFaultSchedule({
      faults: [{ at: '0s', action: 'kill-worker' }],
      startedAt: Date.now(),
      commands: { 'kill-worker': 'echo no such container >&2; exit 7', 'recover-kill-worker': 'echo restored' },
      outFile,
      signal: new AbortController().signal,
      log: () => undefined,
    });
    expect(records[0]).toMatchObject({ status: 'error', ok: false, exitCode: 7 });
    expect(records[0]!.output).toContain('no such container');
    expect(records[0]!.recover!.output).toContain('restored');
    expect(faultHarnessProblems(records)).toEqual(['fault #0 kill-worker at 0s: kill-worker command exited with code 7']);
    expect(lines(outFile)[0].status).toBe('error');
  });

  it('kills a command that outlives its timeout (the whole process group)', async () => {
    const records = await runFaultSchedule({
      faults: [{ at: '0s', action: 'restart-api' }],
      startedAt: Date.now(),
      commands: { 'restart-api': 'sleep 30 | cat' },
      commandTimeoutMs: 300,
      outFile: join(dir, 'f.ndjson'),
      signal: new AbortController().signal,
      log: () => undefined,
    });
    expect(records[0]).toMatchObject({ status: 'error', ok: false });
    expect(records[0]!.error).toMatch(/timed out after 0.3s and was killed/);
    // Generous bound: the 30 s sleep must not have run out (it was killed), whatever the machine load.
    expect(records[0]!.endedAt - records[0]!.startedAt).toBeLessThan(20_000);
  });

  it('skips an action without a command, with one clear notice line', async () => {
    const notes: string[] = [];
    const records = await runFaultSchedule({ faults: [{ at: '0s', action: 'kill-worker' }], startedAt: Date.now(), commands: {}, outFile: join(dir, 'f.ndjson'), signal: new AbortController().signal, log: (l) => notes.push(l) });
    expect(records[0]).toMatchObject({ status: 'skipped', command: null, window: null });
    expect(notes).toEqual(['fault #0 kill-worker at 0s: skipped: no --fault-cmd kill-worker="…" given for this deployment']);
    expect(faultHarnessProblems(records)).toEqual([]);
  });
});
