import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditJobs, runKeyPattern } from '../../lifecycle/loss-audit.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../target/embedded-postgres.ts';

let db: EmbeddedPostgres;

/** Inserts jobs of a run by hand: [id, status, retry_count, key suffix]. */
async function insert(runId: string, rows: Array<[string, number, number]>, keyPrefix = `ab-${runId}`): Promise<void> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    for (const [id, status, retries] of rows) {
      await c.query('INSERT INTO jobs (id, agent_id, status, retry_count, idempotency_key) VALUES ($1, $2, $3, $4, $5)', [id, 'agent-1', status, retries, `${keyPrefix}-1-${id}`]);
    }
  } finally {
    await c.end();
  }
}

/** Appends `node_started` events to a job (one per attempt that started its node). */
async function nodeStarts(jobId: string, n: number): Promise<void> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  for (let v = 1; v <= n; v++) await c.query("INSERT INTO job_events (job_id, version, type) VALUES ($1, $2, 'node_started')", [jobId, v]);
  await c.end();
}

async function setStatus(id: string, status: number): Promise<void> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  await c.query('UPDATE jobs SET status = $2 WHERE id = $1', [id, status]);
  await c.end();
}

beforeAll(async () => {
  db = await startEmbeddedPostgres();
});
afterAll(async () => {
  await db?.stop();
});

describe('runKeyPattern', () => {
  it('escapes LIKE wildcards in the run id', () => {
    expect(runKeyPattern('20261127-034200-drill_db%x')).toBe('ab-20261127-034200-drill\\_db\\%x-%');
    expect(() => runKeyPattern(' ')).toThrow(/run id is empty/);
  });
});

describe('auditJobs against a real Postgres', () => {
  it('classifies lost, stuck, completed, failed, cancelled and retried rows of this run only', async () => {
    const run = 'r1_a';
    await insert(run, [
      ['job-c1', 2, 0],
      ['job-c2', 2, 1],
      ['job-f1', 3, 2],
      ['job-x1', 4, 0],
      ['job-p1', 0, 0],
      ['job-r1', 1, 0],
    ]);
    // Another run's rows, including one whose key would match if '_' were a LIKE wildcard.
    await insert('r1xa', [['job-other', 0, 0]]);
    await insert('zz', [['job-other2', 1, 0]], 'ab-r1_a'); // key ab-r1_a-1-… : same run prefix → counted (documented scheme)
    await nodeStarts('job-c1', 1);
    await nodeStarts('job-x1', 2);
    const audit = await auditJobs({ pgUrl: db.url, runId: run, acceptedCount: 9, graceMs: 600, pollMs: 100 });
    expect(audit.found).toBe(7);
    expect(audit.lost).toEqual({ count: 2, ids: [], truncated: false });
    expect(audit.stuck.count).toBe(3);
    expect(audit.stuck.ids.sort()).toEqual(['job-other2 (running)', 'job-p1 (pending)', 'job-r1 (running)']);
    expect(audit.completed).toEqual({ count: 2, ids: ['job-c1', 'job-c2'], truncated: false });
    expect(audit.failed.ids).toEqual(['job-f1']);
    expect(audit.cancelled.ids).toEqual(['job-x1']);
    expect(audit.retried.ids.sort()).toEqual(['job-c2 (completed)', 'job-f1 (failed)']);
    expect(audit.reclaimed.ids).toEqual(['job-x1 (cancelled)']);
    expect(audit.settled).toBe(false);
    expect(audit.unacknowledged).toBe(0);
    // The grace bounds the wait (generous upper bound: the machine is shared).
    expect(audit.waitedMs).toBeGreaterThanOrEqual(500);
    expect(audit.waitedMs).toBeLessThan(15_000);
  });

  it('names lost jobs by id when ids are known, and caps id lists while keeping counts exact', async () => {
    const run = 'r2';
    await insert(run, Array.from({ length: 7 }, (_, i) => [`job-r2-${i}`, 2, 0] as [string, number, number]));
    const ids = [...Array.from({ length: 7 }, (_, i) => `job-r2-${i}`), 'job-gone-1', 'job-gone-2', 'job-gone-3'];
    const audit = await auditJobs({ pgUrl: db.url, runId: run, acceptedCount: ids.length, acceptedIds: ids, graceMs: 5000, pollMs: 50, maxIds: 2 });
    expect(audit.settled).toBe(true);
    expect(audit.lost).toEqual({ count: 3, ids: ['job-gone-1', 'job-gone-2'], truncated: true });
    expect(audit.completed).toMatchObject({ count: 7, truncated: true });
    expect(audit.completed.ids).toHaveLength(2);
    expect(audit.stuck.count).toBe(0);
  });

  it('waits for running jobs to finish within the grace and then reports them settled', async () => {
    const run = 'r3';
    await insert(run, [['job-r3-a', 1, 0], ['job-r3-b', 2, 0]]);
    setTimeout(() => void setStatus('job-r3-a', 2), 300);
    const audit = await auditJobs({ pgUrl: db.url, runId: run, acceptedCount: 3, graceMs: 20_000, pollMs: 100 });
    expect(audit.settled).toBe(true);
    expect(audit.stuck.count).toBe(0);
    expect(audit.completed.count).toBe(2);
    expect(audit.lost.count).toBe(1);
    expect(audit.polls).toBeGreaterThanOrEqual(3);
  });

  it('cannot write: the session is read-only', async () => {
    // Guard for the "SELECTs only" promise: the audit's connection settings refuse writes.
    const c = new pg.Client({ connectionString: db.url, options: '-c default_transaction_read_only=on' });
    await c.connect();
    await expect(c.query("INSERT INTO jobs (id, agent_id) VALUES ('x', 'y')")).rejects.toThrow(/read-only/);
    await c.end();
  });

  it('an unreachable database after the grace is a harness error without the password', async () => {
    const url = db.url.replace(/:(\d+)\/aetheris$/, ':1/aetheris');
    const err = await auditJobs({ pgUrl: url, runId: 'r4', acceptedCount: 1, graceMs: 200, pollMs: 100 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'HarnessError' });
    expect((err as Error).message).toMatch(/^loss audit: could not read the job store/);
    expect((err as Error).message).not.toContain(new URL(db.url).password);
  });
});
