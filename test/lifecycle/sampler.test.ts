import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSamplesCsv } from '../../analysis/growth/parse-samples.ts';
import { REQUIRED_COLUMNS } from '../../analysis/growth/samples-format.ts';
import { startSampler } from '../../lifecycle/sampler.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../target/embedded-postgres.ts';

let server: EmbeddedPostgres;
let dir: string;

beforeAll(async () => {
  server = await startEmbeddedPostgres();
  dir = mkdtempSync(join(tmpdir(), 'aetheris-bench-sampler-'));
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function insertEvents(client: pg.Client, jobPrefix: string, jobs: number, eventsPerJob: number): Promise<void> {
  await client.query(
    `INSERT INTO jobs (id, agent_id) SELECT $1 || g, 'agent-1' FROM generate_series(1, $2) g`,
    [jobPrefix, jobs],
  );
  await client.query(
    `INSERT INTO job_events (job_id, version, type, payload)
     SELECT $1 || j, v, 'step', jsonb_build_object('text', repeat('x', 200), 'v', v)
       FROM generate_series(1, $2) j, generate_series(1, $3) v`,
    [jobPrefix, jobs, eventsPerJob],
  );
  // An idle backend may hold its table counters back for up to 10 s; publish them now.
  await client.query('SELECT pg_stat_force_next_flush()');
}

/** Polls `check` until it holds; stats reach pg_stat_user_tables up to ~1 s after commit. Bounded at 20 s. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function lastOf(file: string, relation: string) {
  const table = parseSamplesCsv(readFileSync(file, 'utf8'));
  const s = table.relations.find((r) => r.relation === relation);
  if (!s) return null;
  const i = s.t.length - 1;
  return { s, i, table };
}

describe('lifecycle sampler against a real Postgres', () => {
  it('records sizes growing and tuples counted while rows are inserted', async () => {
    const out = join(dir, 'grow.csv');
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const sampler = startSampler({ pgUrl: server.url, intervalMs: 200, outFile: out });
    try {
      await eventually(() => sampler.ticks() >= 2, 'first ticks');
      for (let batch = 0; batch < 4; batch++) await insertEvents(client, `grow-${batch}-`, 50, 40);
      await eventually(() => {
        const l = lastOf(out, 'job_events');
        return l !== null && l.s.liveRows[l.i] === 8000 && l.s.eventsTotal[l.i] === 8000;
      }, 'job_events live rows and events_total to reach 8000');
    } finally {
      await sampler.stop();
      await client.end();
    }
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]!.startsWith(REQUIRED_COLUMNS.join(','))).toBe(true);
    const { s, i, table } = lastOf(out, 'job_events')!;
    expect(s.kind).toBe('table');
    expect(s.totalBytes[i]!).toBeGreaterThan(s.totalBytes[0]! + 1_000_000);
    expect(s.jobsTotal[i]).toBe(200);
    const names = new Set(table.relations.map((r) => r.relation));
    for (const n of ['jobs', 'job_snapshots', 'job_events_pkey', 'idx_job_events_job_id', 'job_events@toast', '@database', '@wal']) expect(names, n).toContain(n);
    const idx = table.relations.find((r) => r.relation === 'idx_job_events_job_id')!;
    expect(idx.parent).toBe('job_events');
    expect(idx.totalBytes[idx.t.length - 1]!).toBeGreaterThan(idx.totalBytes[0]!);
    const wal = table.relations.find((r) => r.relation === '@wal')!;
    expect(wal.totalBytes[wal.t.length - 1]!).toBeGreaterThan(wal.totalBytes[0]!);
    expect(table.gaps).toEqual([]);
    expect(sampler.gaps()).toBe(0);
    // The password never reaches the file.
    expect(text).not.toContain(new URL(server.url).password);
  });

  it('records the gap across a Postgres crash and restart, reconnects, and carries the counters', async () => {
    const out = join(dir, 'crash.csv');
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const sampler = startSampler({ pgUrl: server.url, intervalMs: 200, outFile: out, initialBackoffMs: 50 });
    let before = 0;
    try {
      await insertEvents(client, 'pre-', 10, 10);
      await eventually(() => {
        const l = lastOf(out, 'job_events');
        return l !== null && l.s.liveRows[l.i] === 8100;
      }, 'pre-crash stats');
      before = lastOf(out, 'job_events')!.s.eventsTotal.at(-1)!;
      await client.end();
      await server.crash();
      await eventually(() => sampler.gaps() >= 2, 'gaps while the database is down');
      await server.start();
      const ticksAtRestart = sampler.ticks();
      await eventually(() => sampler.ticks() >= ticksAtRestart + 2, 'ticks after restart');
      const again = new pg.Client({ connectionString: server.url });
      await again.connect();
      await insertEvents(again, 'post-', 10, 5);
      await again.end();
      await eventually(() => {
        const l = lastOf(out, 'job_events');
        return l !== null && l.s.eventsTotal[l.i] === before + 50;
      }, 'events_total carried across the stats reset');
    } finally {
      await sampler.stop();
    }
    const { table } = lastOf(out, 'job_events')!;
    expect(table.gaps.length).toBeGreaterThanOrEqual(2);
    expect(readFileSync(out, 'utf8')).toMatch(/@gap,.*gap/);
    expect(readFileSync(out, 'utf8')).not.toContain(new URL(server.url).password);
  });

  it('refuses to overwrite an existing samples file', () => {
    const out = join(dir, 'exists.csv');
    writeFileSync(out, 'keep me');
    expect(() => startSampler({ pgUrl: server.url, intervalMs: 200, outFile: out })).toThrow(/already exists/);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
  });
});
