import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../target/embedded-postgres.ts';
import { processesMentioning, runCli, type CliResult } from './helpers.ts';

// Each case gets its own folder as cwd and TMPDIR (see stack-cli.test.ts), so "nothing started"
// means: no process mentions the folder, and nothing of ours (state, logs, data dir) appeared in it.
const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'h7-stack-bad-'));
  // As root, Postgres runs as the `postgres` user, which must reach its data directory inside this folder.
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) {
    for (const pid of processesMentioning(dir)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

function ours(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith('aetheris-bench-') || f === '.stack');
}

async function expectRejected(args: string[], setup?: (dir: string) => void): Promise<CliResult & { dir: string }> {
  const dir = freshDir();
  setup?.(dir);
  const res = await runCli(args, { cwd: dir, env: { TMPDIR: dir } });
  expect(res.code).toBe(2);
  expect(res.stdout).toBe('');
  expect(res.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(processesMentioning(dir)).toEqual([]);
  return { ...res, dir };
}

describe('stack up: bad input → one line, exit 2, nothing started or left', () => {
  it('unknown flag', async () => {
    const res = await expectRejected(['stack', 'up', '--detach', '--wrokers', '2']);
    expect(res.stderr).toMatch(/--wrokers/);
    expect(ours(res.dir)).toEqual([]);
  }, 60_000);

  it('config file that is not JSON: names the file', async () => {
    const res = await expectRejected(['stack', 'up', '--detach', '--config', 'broken.json'], (dir) => writeFileSync(join(dir, 'broken.json'), '{"worker": {'));
    expect(res.stderr).toMatch(/broken\.json/);
    expect(ours(res.dir)).toEqual([]);
  }, 60_000);

  it('config file with a wrong value: names the file and the JSON path', async () => {
    const res = await expectRejected(['stack', 'up', '--detach', '--config', 'bad.json'], (dir) => writeFileSync(join(dir, 'bad.json'), JSON.stringify({ worker: { concurrency: 'four' } })));
    expect(res.stderr).toMatch(/bad\.json.*worker\.concurrency/);
    expect(ours(res.dir)).toEqual([]);
  }, 60_000);

  it('API port in use', async () => {
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const res = await expectRejected(['stack', 'up', '--detach', '--api-port', String(port)]);
      expect(res.stderr).toMatch(new RegExp(`--api-port ${port}: already in use`));
      expect(ours(res.dir)).toEqual([]);
    } finally {
      server.close();
    }
  }, 60_000);

  it('unreachable --pg: says so without printing the password', async () => {
    const port = await freePort(); // free, hence nothing listens there
    const res = await expectRejected(['stack', 'up', '--detach', '--pg', `postgres://bench:hunter2secret@127.0.0.1:${port}/aetheris`]);
    expect(res.stderr).toMatch(/--pg postgres:\/\/bench:\*\*\*@127\.0\.0\.1:\d+\/aetheris: cannot connect/);
    expect(res.stderr).not.toContain('hunter2secret');
    expect(ours(res.dir)).toEqual([]);
  }, 60_000);

  it('a stack already recorded in the state file: refuses and overwrites nothing', async () => {
    const res = await expectRejected(['stack', 'up', '--detach'], (dir) => {
      mkdirSync(join(dir, '.stack'));
      writeFileSync(join(dir, '.stack', 'stack.json'), 'precious');
    });
    expect(res.stderr).toMatch(/already recorded/);
    expect(readFileSync(join(res.dir, '.stack', 'stack.json'), 'utf8')).toBe('precious');
    expect(readdirSync(join(res.dir, '.stack'))).toEqual(['stack.json']);
  }, 60_000);

  it('status and down without a recorded stack', async () => {
    for (const action of ['status', 'down']) {
      const res = await expectRejected(['stack', action]);
      expect(res.stderr).toMatch(/no detached stack recorded/);
    }
  }, 60_000);

  it('an unknown action', async () => {
    const res = await expectRejected(['stack', 'upp']);
    expect(res.stderr).toMatch(/expected up, status or down/);
    expect(existsSync(join(res.dir, '.stack'))).toBe(false);
  }, 60_000);
});
