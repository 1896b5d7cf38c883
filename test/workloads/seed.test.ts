import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../harness/errors.ts';
import { eventHash, eventType, payloadOf, planOf, rfc3339Nano, filler } from '../../lifecycle/seed-events.ts';
import { replayJobsEnv, seedJobs } from '../../lifecycle/seed.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../target/embedded-postgres.ts';

const BIN = fileURLToPath(new URL('../../bin/aetheris-bench.mjs', import.meta.url));
let db: EmbeddedPostgres;
let client: pg.Client;
let plainUrl: string;

beforeAll(async () => {
  db = await startEmbeddedPostgres();
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query('CREATE DATABASE plain');
  plainUrl = db.url.replace(/\/aetheris$/, '/plain');
});

afterAll(async () => {
  await client?.end();
  await db?.stop();
});

describe('seed-events', () => {
  it('formats time like Go RFC3339Nano (UTC, trailing zeros trimmed)', () => {
    expect(rfc3339Nano(1_700_000_000_123_400)).toBe('2023-11-14T22:13:20.1234Z');
    expect(rfc3339Nano(1_700_000_000_000_000)).toBe('2023-11-14T22:13:20Z');
    expect(rfc3339Nano(1_700_000_000_000_001)).toBe('2023-11-14T22:13:20.000001Z');
  });

  it('gives an 11-event job exactly the event types of contract §3.3', () => {
    expect(Array.from({ length: 11 }, (_, i) => eventType(i + 1, 11))).toEqual([
      'job_created', 'plan_generated', 'decision_snapshot', 'node_started', 'command_emitted', 'command_committed',
      'node_finished', 'step_committed', 'state_checkpointed', 'reasoning_snapshot', 'job_completed',
    ]);
  });
});

describe('seedJobs against a real Postgres', () => {
  it('writes N jobs × M contiguous, hash-linked events and a snapshot row each, leaving foreign rows alone', async () => {
    await client.query("INSERT INTO jobs (id, agent_id, goal, status, tenant_id) VALUES ('job-foreign', 'agent-x', 'not ours', 1, 't1')");
    await client.query("INSERT INTO job_events (job_id, version, type, payload, prev_hash, hash) VALUES ('job-foreign', 1, 'job_created', '{\"a\":1}', '', 'h1'), ('job-foreign', 2, 'plan_generated', '{}', 'h1', 'h2')");
    const foreignBefore = await client.query("SELECT j.*, (SELECT json_agg(e ORDER BY e.version) FROM job_events e WHERE e.job_id = j.id) AS ev FROM jobs j WHERE id = 'job-foreign'");

    const progress: number[] = [];
    const r = await seedJobs({ pgUrl: db.url, jobs: 3, events: 25, tenant: 'tenant-z', snapshot: true, payloadBytes: 50, onProgress: (n) => progress.push(n) });
    expect(r.jobs).toHaveLength(3);
    expect(r.eventsWritten).toBe(75);
    expect(progress.at(-1)).toBe(75);
    expect(replayJobsEnv(r.jobs)).toBe(r.jobs.map((j) => `${j.id}:25:1:tenant-z`).join(','));

    const jobs = await client.query('SELECT id, status, tenant_id FROM jobs WHERE starts_with(id, $1) ORDER BY id', [r.prefix]);
    expect(jobs.rows).toEqual(r.jobs.map((j) => ({ id: j.id, status: 2, tenant_id: 'tenant-z' })));
    for (const j of r.jobs) {
      expect(j.id.startsWith('seed-')).toBe(true);
      const ev = await client.query<{ version: number; type: string; prev_hash: string; hash: string }>('SELECT version, type, prev_hash, hash FROM job_events WHERE job_id = $1 ORDER BY version', [j.id]);
      expect(ev.rows.map((e) => e.version)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect(ev.rows[0]!.type).toBe('job_created');
      expect(ev.rows.at(-1)!.type).toBe('job_completed');
      expect(ev.rows[0]!.prev_hash).toBe('');
      for (let i = 1; i < ev.rows.length; i++) expect(ev.rows[i]!.prev_hash).toBe(ev.rows[i - 1]!.hash);
      for (const e of ev.rows) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(new Set(ev.rows.map((e) => e.hash)).size).toBe(25);
      const snap = await client.query<{ version: number; snapshot: Buffer }>('SELECT version, snapshot FROM job_snapshots WHERE job_id = $1', [j.id]);
      expect(snap.rows).toHaveLength(1);
      expect(snap.rows[0]!.version).toBe(25);
      expect(JSON.parse(snap.rows[0]!.snapshot.toString('utf8'))).toMatchObject({ cursor_node: 'n3', completed_node_ids: ['n1', 'n2', 'n3'] });
    }

    const foreignAfter = await client.query("SELECT j.*, (SELECT json_agg(e ORDER BY e.version) FROM job_events e WHERE e.job_id = j.id) AS ev FROM jobs j WHERE id = 'job-foreign'");
    expect(foreignAfter.rows).toEqual(foreignBefore.rows);
  });

  it('computes each hash as contract §3.5 says, over the payload and time it wrote', async () => {
    const r = await seedJobs({ pgUrl: db.url, jobs: 1, events: 11 });
    const id = r.jobs[0]!.id;
    const { rows } = await client.query<{ version: number; type: string; at: string; prev_hash: string; hash: string; payload: unknown }>(
      `SELECT version, type, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS at, prev_hash, hash, payload FROM job_events WHERE job_id = $1 ORDER BY version`, [id]);
    const goal = (await client.query<{ goal: string }>('SELECT goal FROM jobs WHERE id = $1', [id])).rows[0]!.goal;
    const shape = { jobId: id, agentId: `${r.prefix}agent`, goal, m: 11, text: filler(200), ...planOf(goal, 11) };
    for (const e of rows) {
      const [sec, us] = e.at.split('.');
      const micros = Date.parse(`${sec}Z`) * 1000 + Number(us);
      const at = rfc3339Nano(micros);
      const payload = payloadOf(shape, e.version, at);
      expect(JSON.parse(payload)).toEqual(e.payload); // the stored JSONB is the payload that was hashed
      expect(e.hash).toBe(eventHash(id, e.type, payload, at, e.prev_hash));
    }
  });

  it('refuses a database without Aetheris tables, naming it without the password', async () => {
    const err = await seedJobs({ pgUrl: plainUrl, jobs: 1, events: 10 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/127\.0\.0\.1:\d+\/plain has no jobs, job_events, job_snapshots table\(s\): not an Aetheris database/);
    const password = new URL(db.url).password;
    expect((err as Error).message).not.toContain(password);
    const plain = new pg.Client({ connectionString: plainUrl });
    await plain.connect();
    const tables = await plain.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
    await plain.end();
    expect(tables.rows[0].n).toBe(0);
  });

  it('CLI: one line and exit 2 on a database without the tables; AB_REPLAY_JOBS on success', { timeout: 60_000 }, () => {
    const bad = spawnSync(process.execPath, [BIN, 'seed', '--pg', plainUrl, '--jobs', '1', '--events', '10'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/not an Aetheris database/);
    const ok = spawnSync(process.execPath, [BIN, 'seed', '--pg', db.url, '--jobs', '2', '--events', '30', '--snapshot'], { encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout.trim()).toMatch(/^AB_REPLAY_JOBS=seed-[0-9a-f]{8}-0:30:1:default,seed-[0-9a-f]{8}-1:30:1:default$/);
    expect(ok.stderr).not.toContain(new URL(db.url).password);
    const usage = spawnSync(process.execPath, [BIN, 'seed', '--pg', db.url, '--jobs', '0', '--events', '30'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--jobs/);
  });
});
