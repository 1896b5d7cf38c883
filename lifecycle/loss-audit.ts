import pg from 'pg';
import { HarnessError, UsageError } from '../harness/errors.ts';
import { redactText } from '../harness/redact.ts';

/** Options of `auditJobs`. */
export interface AuditOptions {
  /** Postgres URL of the target's job store (holds a password: never logged). */
  pgUrl: string;
  /** The run id the load put in every Idempotency-Key (`ab-<runId>-<vu>-<iter>`). */
  runId: string;
  /** Jobs the load counted as accepted (202). */
  acceptedCount: number;
  /** Job ids the load saw accepted, when it kept them: lost jobs are then named. */
  acceptedIds?: readonly string[];
  /** How long to wait for every job of the run to become terminal. */
  graceMs: number;
  /** Time between polls. */
  pollMs: number;
  /** Longest id list kept per category (counts stay exact). Default 50. */
  maxIds?: number;
  /** Stops the wait early (the audit then reports what it sees). */
  signal?: AbortSignal;
}

/** A count plus up to `maxIds` of the ids behind it. */
export interface IdList {
  count: number;
  ids: string[];
  /** True when `ids` holds fewer than `count`. */
  truncated: boolean;
}

/** What `auditJobs` found: the content of audit.json. */
export interface LossAudit {
  runId: string;
  /** The LIKE pattern the rows were found with. */
  keyPattern: string;
  accepted: number;
  acceptedIdsKnown: boolean;
  /** Rows of this run in Postgres. */
  found: number;
  /** Accepted but absent: max(0, accepted − found) by count; by id when ids were given. */
  lost: IdList;
  /** Present but not completed/failed/cancelled when the grace ran out; ids as `id (status)`. */
  stuck: IdList;
  completed: IdList;
  failed: IdList;
  cancelled: IdList;
  /** Rows with retry_count > 0 (an attempt failed and was retried), whatever their status. */
  retried: IdList;
  /** Rows whose node was started more than once: re-claimed after a worker died (retry_count stays 0 then). */
  reclaimed: IdList;
  /** Rows beyond the accepted count (the client gave up on a request the API still committed). */
  unacknowledged: number;
  /** True when every row was terminal (two polls in a row) before the grace ran out. */
  settled: boolean;
  graceMs: number;
  waitedMs: number;
  polls: number;
  startedAt: number;
  endedAt: number;
}

/** Aetheris `jobs.status` values (contract §3.6). */
const STATUS_NAMES: Record<number, string> = { 0: 'pending', 1: 'running', 2: 'completed', 3: 'failed', 4: 'cancelled', 5: 'waiting', 6: 'parked', 7: 'retrying' };
const TERMINAL = [2, 3, 4];

/** The LIKE pattern matching this run's idempotency keys, with LIKE's wildcards escaped. */
export function runKeyPattern(runId: string): string {
  if (runId.trim() === '') throw new UsageError('loss audit: the run id is empty');
  return `ab-${runId.replace(/[\\%_]/g, (c) => `\\${c}`)}-%`;
}

// default_transaction_read_only: the audit must never be able to change what it is auditing.
function client(pgUrl: string): pg.Client {
  return new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000, statement_timeout: 30_000, options: '-c default_transaction_read_only=on' });
}

async function withClient<T>(pgUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = client(pgUrl);
  c.on('error', () => undefined); // a server crash mid-poll surfaces as a rejected query instead
  try {
    await c.connect();
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

interface Counts {
  byStatus: Map<number, number>;
  total: number;
  nonTerminal: number;
}

async function countByStatus(c: pg.Client, pattern: string): Promise<Counts> {
  const res = await c.query<{ status: number; n: number }>(
    "SELECT status, count(*)::int AS n FROM jobs WHERE idempotency_key LIKE $1 ESCAPE '\\' GROUP BY status",
    [pattern],
  );
  const byStatus = new Map(res.rows.map((r) => [r.status, r.n]));
  let total = 0;
  let nonTerminal = 0;
  for (const [status, n] of byStatus) {
    total += n;
    if (!TERMINAL.includes(status)) nonTerminal += n;
  }
  return { byStatus, total, nonTerminal };
}

async function idList(c: pg.Client, pattern: string, where: string, max: number, label: (r: { id: string; status: number }) => string): Promise<IdList> {
  const count = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE idempotency_key LIKE $1 ESCAPE '\\' AND ${where}`, [pattern]);
  const rows = await c.query<{ id: string; status: number }>(
    `SELECT id, status FROM jobs WHERE idempotency_key LIKE $1 ESCAPE '\\' AND ${where} ORDER BY created_at, id LIMIT $2`,
    [pattern, max],
  );
  const n = count.rows[0]?.n ?? 0;
  return { count: n, ids: rows.rows.map(label), truncated: rows.rows.length < n };
}

async function lostById(c: pg.Client, ids: readonly string[], max: number): Promise<IdList> {
  const res = await c.query<{ id: string }>('SELECT u.x AS id FROM unnest($1::text[]) WITH ORDINALITY AS u(x, n) WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = u.x) ORDER BY u.n', [[...new Set(ids)]]);
  const all = res.rows.map((r) => r.id);
  return { count: all.length, ids: all.slice(0, max), truncated: all.length > max };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

/**
 * The loss audit of a drill (issue 7): waits, at most `graceMs`, until every job of the run is
 * terminal (seen twice in a row, because Aetheris briefly shows `failed` on a job it will retry,
 * contract §3.4), then classifies the run's rows — found by Idempotency-Key prefix — against what
 * the load counted as accepted. SELECTs only, on a read-only session. Postgres still unreachable
 * when the grace runs out → HarnessError.
 */
export async function auditJobs(opts: AuditOptions): Promise<LossAudit> {
  if (!Number.isInteger(opts.acceptedCount) || opts.acceptedCount < 0) throw new UsageError(`loss audit: acceptedCount must be a whole number ≥ 0 (got ${opts.acceptedCount})`);
  const pattern = runKeyPattern(opts.runId);
  const max = opts.maxIds ?? 50;
  const startedAt = Date.now();
  const deadline = startedAt + opts.graceMs;
  let polls = 0;
  let terminalStreak = 0;
  let lastError = '';
  for (;;) {
    polls++;
    try {
      const counts = await withClient(opts.pgUrl, (c) => countByStatus(c, pattern));
      terminalStreak = counts.nonTerminal === 0 ? terminalStreak + 1 : 0;
      lastError = '';
    } catch (err) {
      // Postgres may still be coming back from a db-outage drill: keep polling until the grace runs out.
      terminalStreak = 0;
      lastError = redactText(err instanceof Error ? err.message : String(err));
    }
    if (terminalStreak >= 2 || Date.now() + opts.pollMs > deadline || opts.signal?.aborted) break;
    await sleep(opts.pollMs, opts.signal);
  }
  const settled = terminalStreak >= 2;

  try {
    return await withClient(opts.pgUrl, async (c) => {
      const counts = await countByStatus(c, pattern);
      const withStatus = (r: { id: string; status: number }) => `${r.id} (${STATUS_NAMES[r.status] ?? `status ${r.status}`})`;
      const plain = (r: { id: string }) => r.id;
      const known = opts.acceptedIds !== undefined;
      const lost = known ? await lostById(c, opts.acceptedIds!, max) : { count: Math.max(0, opts.acceptedCount - counts.total), ids: [], truncated: false };
      const endedAt = Date.now();
      return {
        runId: opts.runId,
        keyPattern: pattern,
        accepted: opts.acceptedCount,
        acceptedIdsKnown: known,
        found: counts.total,
        lost,
        stuck: await idList(c, pattern, `status NOT IN (${TERMINAL.join(',')})`, max, withStatus),
        completed: await idList(c, pattern, 'status = 2', max, plain),
        failed: await idList(c, pattern, 'status = 3', max, plain),
        cancelled: await idList(c, pattern, 'status = 4', max, plain),
        retried: await idList(c, pattern, 'retry_count > 0', max, withStatus),
        reclaimed: await idList(c, pattern, "(SELECT count(*) FROM job_events e WHERE e.job_id = jobs.id AND e.type = 'node_started') > 1", max, withStatus),
        unacknowledged: Math.max(0, counts.total - opts.acceptedCount),
        settled,
        graceMs: opts.graceMs,
        waitedMs: endedAt - startedAt,
        polls,
        startedAt,
        endedAt,
      };
    });
  } catch (err) {
    const msg = redactText(err instanceof Error ? err.message : String(err));
    throw new HarnessError(`loss audit: could not read the job store: ${msg}${lastError && lastError !== msg ? ` (while waiting: ${lastError})` : ''}`);
  }
}
