import { createServer } from 'node:net';
import pg from 'pg';
import { UsageError } from '../harness/errors.ts';
import { redactText, redactUrl } from '../harness/redact.ts';

/**
 * Checks the stack's inputs before anything is started, so bad input costs nothing and leaves
 * nothing behind: a taken API port and an unreachable or malformed Postgres URL are usage errors.
 */

/** Throws a UsageError when `port` cannot be bound on 127.0.0.1. */
export async function assertPortFree(port: number, flag: string): Promise<void> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`${flag} ${port}: not a TCP port (1-65535)`);
  await new Promise<void>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? 'already in use on 127.0.0.1' : `cannot listen on 127.0.0.1 (${err.code ?? err.message})`;
      reject(new UsageError(`${flag} ${port}: ${why}`));
    });
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve()));
  });
}

/** Throws a UsageError unless `url` is a postgres:// URL naming a host and a database. */
export function assertPgUrlShape(url: string, flag: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`${flag} ${redactText(url)}: not a URL (expected postgres://user:password@host:port/database)`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new UsageError(`${flag} ${redactUrl(url)}: expected a postgres:// or postgresql:// URL`);
  }
  if (!u.hostname || u.pathname.length <= 1) {
    throw new UsageError(`${flag} ${redactUrl(url)}: the URL must name a host and a database (postgres://user:password@host:port/database)`);
  }
}

/** Connects once (bounded by `timeoutMs`) and throws a UsageError saying why the server cannot be used. */
export async function assertPgReachable(url: string, flag: string, timeoutMs = 5000): Promise<void> {
  assertPgUrlShape(url, flag);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A server that dies after connecting emits 'error' on the client; without a listener that would crash us.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // Node's AggregateError for a refused dual-stack connect has an empty message but a code.
    const why = e.message || e.code || String(err);
    throw new UsageError(`${flag} ${redactUrl(url)}: cannot connect (${redactText(why.split('\n')[0]!)})`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
