import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../../harness/errors.ts';
import { startEmbeddedPostgres } from '../../target/embedded-postgres.ts';
import { startStack, type TargetConfigInput } from '../../target/stack.ts';
import { alive, processesMentioning, submitJob, waitJobTerminal } from './helpers.ts';

const dirs: string[] = [];
const originalTmp = process.env.TMPDIR;

// Points os.tmpdir() (read at each call) at a fresh folder, so this test's data and log folders land
// there and every process it starts carries it in its arguments or inherited environment.
function isolateTmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'h7-stack-start-'));
  chmodSync(dir, 0o755); // as root, Postgres runs as `postgres` and must reach its data directory
  dirs.push(dir);
  process.env.TMPDIR = dir;
  return dir;
}

afterAll(() => {
  process.env.TMPDIR = originalTmp;
  for (const dir of dirs) {
    for (const pid of processesMentioning(dir)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

function ours(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.startsWith('aetheris-bench-'));
}

describe('startStack', () => {
  it('with pgUrl: re-applies the schema to a live server, serves, refuses a db outage, and stop leaves that server alone', async () => {
    const db = await startEmbeddedPostgres(); // schema already applied: startStack applying it again must be harmless
    try {
      const stack = await startStack({ workers: 1, pgUrl: db.url, config: { worker: { pollIntervalMs: 100 } } });
      try {
        expect(stack.embedded).toBe(false);
        expect(stack.pgUrl).toBe(db.url);
        expect(stack.record().pg).toEqual({ embedded: false, url: expect.stringContaining(':***@') });
        const job = await submitJob(stack.apiUrl);
        expect(await waitJobTerminal(stack.apiUrl, job)).toBe('completed');
        await expect(stack.dbOutage(100)).rejects.toThrow(/only possible on the embedded Postgres/);
      } finally {
        await stack.stop();
      }
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM jobs WHERE status = 2");
      await client.end();
      expect(Number(rows[0]!.n)).toBe(1);
      expect(alive(db.pid())).toBe(true);
    } finally {
      await db.stop();
    }
  }, 120_000);

  it('a process that fails to start: HarnessError with its log tail, and nothing left behind', async () => {
    const dir = isolateTmp();
    try {
      // A config the target processes reject (the CLI would have caught it; the library passes it through).
      const bad = { worker: { concurrency: 'many' } } as unknown as TargetConfigInput;
      const err = await startStack({ workers: 1, config: bad }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(HarnessError);
      expect((err as Error).message).toMatch(/exited during start; log tail \((api|worker-w1)\.log\):\n.*worker\.concurrency/s);
      expect(processesMentioning(dir)).toEqual([]);
      expect(ours(dir)).toEqual([]);
    } finally {
      process.env.TMPDIR = originalTmp;
    }
  }, 120_000);
});
