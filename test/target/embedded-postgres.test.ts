import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../target/embedded-postgres.ts';

function processAlive(pid: number): boolean {
  const out = execFileSync('ps', ['-eo', 'pid='], { encoding: 'utf8' });
  return out.split('\n').some((l) => Number(l.trim()) === pid);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe('embedded postgres', () => {
  it('starts on loopback with the Aetheris schema, and stop leaves no process and no directory', async () => {
    const db = await startEmbeddedPostgres();
    const pid = db.pid();
    try {
      // The suite's leak check finds servers by this mark (test/global-setup.ts).
      expect(db.baseDir).toContain(`${process.env.AB_PG_OWNER}-`);
      expect(process.env.AB_PG_OWNER).toMatch(/^vitest\d+$/);
      expect(db.url).toMatch(/^postgres:\/\/postgres:[0-9a-f]+@127\.0\.0\.1:\d+\/aetheris$/);
      const tables = await query<{ tablename: string }>(db.url, "SELECT tablename FROM pg_tables WHERE schemaname='public'");
      const names = tables.map((t) => t.tablename);
      for (const t of ['jobs', 'job_events', 'job_claims', 'job_snapshots', 'tool_invocations', 'job_tombstones']) expect(names).toContain(t);
      const [{ server_version_num }] = await query<{ server_version_num: string }>(db.url, 'SHOW server_version_num');
      expect(Number(server_version_num)).toBeGreaterThanOrEqual(180000);
    } finally {
      await db.stop();
    }
    expect(processAlive(pid)).toBe(false);
    expect(existsSync(db.baseDir)).toBe(false);
  });

  it('survives an immediate crash and starts again with its data', async () => {
    const db = await startEmbeddedPostgres();
    try {
      await query(db.url, "INSERT INTO jobs (id, agent_id, goal) VALUES ('job-x', 'agent-x', 'g')");
      await db.crash();
      await expect(query(db.url, 'SELECT 1')).rejects.toThrow();
      await db.start();
      const rows = await query<{ id: string }>(db.url, 'SELECT id FROM jobs');
      expect(rows.map((r) => r.id)).toEqual(['job-x']);
    } finally {
      await db.stop();
    }
  });

  it('reports the log tail when the server cannot start (port taken)', async () => {
    const db = await startEmbeddedPostgres();
    try {
      await expect(startEmbeddedPostgres({ port: db.port })).rejects.toThrow(/log tail|could not|in use/i);
    } finally {
      await db.stop();
    }
  });
});
