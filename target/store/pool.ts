import pg from 'pg';

// Return timestamptz as Date (default) and BIGSERIAL/count as strings (default): callers convert.

/** A pg Pool for one target process; errors on idle clients are logged, not thrown (Postgres may restart in drills). */
export function createPool(dsn: string, max: number, name: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: dsn, max, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000, application_name: name });
  pool.on('error', (err) => {
    // A server shutting down while the pool closes is expected, not news.
    if (pool.ending) return;
    console.error(`${name}: idle postgres client error: ${err.message}`);
  });
  return pool;
}
