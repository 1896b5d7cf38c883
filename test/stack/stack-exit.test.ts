import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { StackRecord } from '../../target/stack.ts';
import { alive } from './helpers.ts';

const HOST = fileURLToPath(new URL('./fixtures/hold-stack.ts', import.meta.url));

// Starts a host process holding a stack, returns its record and a handle, and SIGKILLs whatever is
// left if the test fails half way.
async function hostStack(mode: 'wait' | 'exit') {
  const child = spawn(process.execPath, ['--import', 'tsx', HOST, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const deadline = Date.now() + 90_000;
  while (!stdout.includes('\n') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
  if (!stdout.includes('\n')) throw new Error(`host did not start a stack: ${stderr}`);
  const record = JSON.parse(stdout.split('\n')[0]!) as StackRecord;
  const pids = [record.api.pid, ...record.workers.map((w) => w.pid), record.pg.pid!];
  const cleanup = () => pids.filter(alive).forEach((p) => process.kill(p, 'SIGKILL'));
  return { child, record, pids, exited, cleanup };
}

async function gone(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return pids.filter(alive);
}

describe('a process holding a stack', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops everything on ${signal} and then dies of that signal`, async () => {
      const h = await hostStack('wait');
      try {
        for (const pid of h.pids) expect(alive(pid)).toBe(true);
        h.child.kill(signal);
        expect(await h.exited).toEqual({ code: null, signal });
        expect(await gone(h.pids, 15_000)).toEqual([]);
        expect(existsSync(h.record.pg.baseDir!)).toBe(false);
        expect(existsSync(h.record.stackDir)).toBe(false);
      } finally {
        h.cleanup();
      }
    }, 120_000);
  }

  it('kills everything when it exits without stopping the stack', async () => {
    const h = await hostStack('exit');
    try {
      expect((await h.exited).code).toBe(0);
      // SIGKILLed on exit: the kernel needs a moment to tear them down (15 s is generous for that on a busy 2-core machine).
      expect(await gone(h.pids, 15_000)).toEqual([]);
      expect(existsSync(h.record.pg.baseDir!)).toBe(false);
      expect(existsSync(h.record.stackDir)).toBe(false);
    } finally {
      h.cleanup();
    }
  }, 120_000);
});
