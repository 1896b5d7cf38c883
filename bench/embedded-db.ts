// SQL on the database benchmarks' embedded Postgres (target/embedded-postgres.ts), with the seeded
// rows cleared between runs so every run starts from the same empty tables.
import pg from 'pg';

/** Runs SQL statements on a short-lived connection (bench-owned database only). */
export async function execSql(url: string, ...statements: string[]): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const s of statements) await c.query(s);
  } finally {
    await c.end();
  }
}

/** Empties the tables seedJobs writes, so the next run starts from empty tables. */
export function clearSeeded(url: string): Promise<void> {
  return execSql(url, 'TRUNCATE job_snapshots, job_events, jobs CASCADE', 'CHECKPOINT');
}
