import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StackState } from '../../target/stack-state.ts';
import { alive, CLI, processesMentioning, runCli, submitJob, waitJobTerminal } from './helpers.ts';

// Each test runs the CLI with its own folder as cwd AND as TMPDIR: the state file, the logs and the
// Postgres data directory all land inside it, and every process it starts carries it in its
// arguments or environment, so "nothing left running" can be checked without seeing other tests' stacks.
const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'h7-stack-cli-'));
  // As root, Postgres runs as the `postgres` user, which must reach its data directory inside this folder.
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  // Safety net for a failed test: stop whatever a detached stack left, by its recorded state, then by marker.
  for (const dir of dirs) {
    if (existsSync(join(dir, '.stack', 'stack.json'))) await runCli(['stack', 'down'], { cwd: dir, env: { TMPDIR: dir } }).catch(() => undefined);
    for (const pid of processesMentioning(dir)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);

describe('stack up --detach / status / down (real CLI, real processes)', () => {
  it('prints the JSON line, completes a job submitted over HTTP, and down leaves no process and no data', async () => {
    const dir = freshDir();
    const env = { TMPDIR: dir };
    const cfg = join(dir, 'target.json');
    // A short poll interval only makes the test quicker; every other setting is Aetheris's default.
    writeFileSync(cfg, JSON.stringify({ worker: { pollIntervalMs: 100 } }));

    const up = await runCli(['stack', 'up', '--detach', '--workers', '2', '--config', cfg], { cwd: dir, env });
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    const lines = up.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const printed = JSON.parse(lines[0]!) as { api: string; pg: string };
    expect(printed.api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed.pg).toMatch(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/aetheris$/);
    const password = new URL(printed.pg).password;

    const stateFile = join(dir, '.stack', 'stack.json');
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as StackState;
    const pids = [state.record.api.pid, ...state.record.workers.map((w) => w.pid), state.record.pg.pid!];
    expect(state.record.workers).toHaveLength(2);
    expect(readFileSync(stateFile, 'utf8')).not.toContain(password);
    for (const pid of pids) expect(alive(pid)).toBe(true);

    const jobId = await submitJob(printed.api);
    expect(await waitJobTerminal(printed.api, jobId)).toBe('completed');

    const status = await runCli(['stack', 'status'], { cwd: dir, env });
    expect(status.code).toBe(0);
    const st = JSON.parse(status.stdout) as { healthy: boolean; api: { health: string }; workers: { alive: boolean }[] };
    expect(st.healthy).toBe(true);
    expect(st.api.health).toBe('ok');
    expect(st.workers.map((w) => w.alive)).toEqual([true, true]);

    // The password is handed to the user on stdout, never written to a log.
    const logDir = join(dir, '.stack', 'stack-logs');
    const logs = readdirSync(logDir);
    expect(logs.sort()).toEqual(['api.log', 'worker-w1.log', 'worker-w2.log']);
    for (const log of logs) expect(readFileSync(join(logDir, log), 'utf8')).not.toContain(password);

    const down = await runCli(['stack', 'down'], { cwd: dir, env });
    expect(down.code).toBe(0);
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect(processesMentioning(dir)).toEqual([]);
    expect(existsSync(state.record.pg.baseDir!)).toBe(false);
    expect(existsSync(join(dir, '.stack'))).toBe(false);

    const after = await runCli(['stack', 'status'], { cwd: dir, env });
    expect(after.code).toBe(2);
    expect(after.stderr).toMatch(/no detached stack recorded/);
  }, 180_000);

  it('in the foreground, serves until SIGINT and then stops everything', async () => {
    const dir = freshDir();
    const child = spawn(process.execPath, [CLI, 'stack', 'up', '--workers', '1'], { cwd: dir, env: { ...process.env, TMPDIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const deadline = Date.now() + 90_000;
    while (!stdout.includes('\n') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    const printed = JSON.parse(stdout.trim()) as { api: string };
    const health = await fetch(`${printed.api}/api/health`);
    expect(health.status).toBe(200);
    expect(processesMentioning(dir).length).toBeGreaterThanOrEqual(3); // postgres, api, worker (plus the CLI itself)

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(processesMentioning(dir)).toEqual([]);
    // tsx keeps its compile cache in TMPDIR; anything of ours would start with aetheris-bench-.
    expect(readdirSync(dir).filter((f) => f.startsWith('aetheris-bench-') || f === '.stack')).toEqual([]);
  }, 180_000);
});
