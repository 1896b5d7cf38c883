import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../target/embedded-postgres.ts';
import { startWorker, type Worker } from '../../target/worker/worker.ts';
import { seedJob } from './seed.ts';
import { sql, testConfig, waitFor } from './target-harness.ts';

let db: EmbeddedPostgres;
let worker: Worker | undefined;

beforeAll(async () => {
  db = await startEmbeddedPostgres();
  // Seeds before the worker starts, so every loop sees them on its first tick.
  await seedJob(db.url, 'job-big', { events: 1200, status: 2, terminal: 'job_completed' });
  await seedJob(db.url, 'job-small', { events: 50, status: 2, terminal: 'job_completed' });
  await sql(db.url, `INSERT INTO job_snapshots (job_id, version, snapshot) VALUES ('job-big', 5, 'old')`);
  await sql(db.url, `INSERT INTO tool_invocations (job_id, idempotency_key, tool_name, created_at)
    SELECT 'job-big', 'old-' || i, 'search', now() - interval '91 days' FROM generate_series(1, 5) AS i
    UNION ALL SELECT 'job-big', 'new-' || i, 'search', now() - interval '89 days' FROM generate_series(1, 2) AS i`);
  for (const id of ['job-old-1', 'job-old-2', 'job-old-3']) {
    await seedJob(db.url, id, { events: 11, status: 2, ageDays: 3, terminal: 'job_completed' });
    await sql(db.url, `INSERT INTO job_claims (job_id, worker_id, expires_at, attempt_id) VALUES ($1, 'w', now() - interval '3 days', 'attempt-x')`, [id]);
    await sql(db.url, `INSERT INTO checkpoints (id, job_id) VALUES ($1, $2)`, [`cp-${id}`, id]);
  }
  await seedJob(db.url, 'job-old-waiting', { events: 3, status: 5, ageDays: 3 });
  await seedJob(db.url, 'job-new-done', { events: 11, status: 2, terminal: 'job_completed' });
  const config = testConfig({
    snapshots: { periodMs: 300, eventThreshold: 1000, topN: 50 },
    gc: { periodMs: 300, ttlDays: 90, batch: 2 },
    retention: { enabled: true, windowMs: '1d', periodMs: 300, batch: 2 },
  });
  worker = await startWorker({ dsn: db.url, workerId: 'lifecycle', config, log: () => undefined });
});

afterAll(async () => {
  await worker?.stop(500);
  await db?.stop();
});

describe('lifecycle loops in the worker', () => {
  it('snapshots a 1,000+ event job at version = event count and keeps only the latest', async () => {
    const rows = await waitFor('a snapshot of job-big', 15_000, async () => {
      const r = await sql(db.url, `SELECT job_id, version, convert_from(snapshot, 'UTF8') AS s FROM job_snapshots ORDER BY job_id, version`);
      return r.some((x) => x.version === 1200) ? r : undefined;
    });
    expect(rows.map((r) => [r.job_id, r.version])).toEqual([['job-big', 1200]]);
    const payload = JSON.parse(rows[0].s);
    expect(payload.phase).toBe(2);
    expect(payload).toHaveProperty('completed_node_ids');
    expect(payload).toHaveProperty('recorded_http');
    expect((await sql(db.url, `SELECT count(*)::int AS n FROM job_events WHERE job_id = 'job-big'`))[0].n).toBe(1200);
  });

  it('deletes tool_invocations older than the TTL in batches and keeps younger ones', async () => {
    const left = await waitFor('old tool invocations to go', 15_000, async () => {
      const r = await sql(db.url, 'SELECT idempotency_key FROM tool_invocations ORDER BY idempotency_key');
      return r.every((x) => !x.idempotency_key.startsWith('old-')) ? r : undefined;
    });
    expect(left.map((r) => r.idempotency_key)).toEqual(['new-1', 'new-2']);
  });

  it('retention deletes terminal jobs older than the window with their rows and writes tombstones', async () => {
    const tombs = await waitFor('3 tombstones', 15_000, async () => {
      const r = await sql(db.url, 'SELECT job_id, event_count, retention_days, deleted_by FROM job_tombstones ORDER BY job_id');
      return r.length >= 3 ? r : undefined;
    });
    expect(tombs).toEqual(['job-old-1', 'job-old-2', 'job-old-3'].map((job_id) => ({ job_id, event_count: 11, retention_days: 1, deleted_by: 'aetheris-bench-retention' })));
    const remaining = await sql(db.url, 'SELECT id FROM jobs ORDER BY id');
    expect(remaining.map((r) => r.id)).toEqual(['job-big', 'job-new-done', 'job-old-waiting', 'job-small']);
    const orphans = await sql(db.url, `SELECT
      (SELECT count(*) FROM job_events WHERE job_id LIKE 'job-old-_')::int AS ev,
      (SELECT count(*) FROM job_claims WHERE job_id LIKE 'job-old-_')::int AS cl,
      (SELECT count(*) FROM checkpoints WHERE job_id LIKE 'job-old-_')::int AS cp`);
    expect(orphans[0]).toEqual({ ev: 0, cl: 0, cp: 0 });
    expect((await sql(db.url, `SELECT count(*)::int AS n FROM job_events WHERE job_id = 'job-old-waiting'`))[0].n).toBe(3);
  });
});
