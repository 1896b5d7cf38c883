/**
 * Reads a job's event stream in version-ordered batches for the long-stream routes (/events,
 * /replay, /trace, /verify, export). Payloads stay JSON text (never parsed here), created_at comes
 * back as epoch milliseconds and is formatted with a per-second cache, and payload.node_id is
 * extracted by Postgres, so the API does no per-event JSON work for the common case.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { rfc3339NanoMs } from './event-hash.ts';
import type pg from 'pg';
import type { Queryable } from './event-store.ts';

/** Versions per batch: about 1 MB of JSON for seeded payloads, a few ms of formatting per batch. */
export const EVENT_BATCH_VERSIONS = 2000;

/** One stored event for streamed reads. */
export interface StreamEvent {
  /** BIGSERIAL id rendered as a string, as Aetheris's JSON does. */
  id: string;
  version: number;
  type: string;
  /** jsonb output text of the payload, or null for SQL NULL. */
  payload: string | null;
  /** Go RFC3339Nano of created_at truncated to milliseconds (what rfc3339Nano(Date) gives). */
  createdAt: string;
  createdMs: number;
  /** payload.node_id when the payload is an object whose node_id is a JSON string. */
  nodeId: string | null;
  /** prev_hash and hash; "" unless the read asked for hashes. */
  prevHash: string;
  hash: string;
}

// Ranges of versions, not LIMIT: right after a bulk load the planner has no statistics and turns
// "version > $2 ORDER BY version LIMIT n" into a sort of every remaining row, per batch. A bounded
// range stays cheap with or without statistics. Versions are contiguous (compare-and-set appends),
// and a gap only makes a batch smaller. floor(extract(epoch)) is exact (numeric) and truncates to
// the millisecond like pg's Date parsing did.
const COLUMNS = `id::text, version, type, payload::text,
  floor(extract(epoch FROM created_at) * 1000)::float8,
  CASE WHEN jsonb_typeof(payload -> 'node_id') = 'string' THEN payload ->> 'node_id' END`;
const RANGE = 'FROM job_events WHERE job_id = $1 AND version > $2 AND version <= $3 ORDER BY version';
const BATCH_SQL = `SELECT ${COLUMNS} ${RANGE}`;
const BATCH_WITH_HASHES_SQL = `SELECT ${COLUMNS}, prev_hash, hash ${RANGE}`;

/**
 * Batches in flight ahead of the one being formatted: Postgres (its jsonb-to-text output is most of
 * the cost of a long read) then works on two batches in two backends while Node formats a third.
 */
export const PREFETCH_BATCHES = 2;

type RawRow = [string, number, string, string | null, number, string | null, string?, string?];

/** Last version of a job's stream (0 when it has none). */
export async function lastVersion(db: Queryable, jobId: string): Promise<number> {
  const res = await db.query<{ v: number | null }>({ name: 'last_version', text: 'SELECT max(version) AS v FROM job_events WHERE job_id = $1', values: [jobId] });
  return res.rows[0]?.v ?? 0;
}

function toEvent(r: RawRow): StreamEvent {
  return { id: r[0], version: r[1], type: r[2], payload: r[3], createdAt: rfc3339NanoMs(r[4]), createdMs: r[4], nodeId: r[5], prevHash: r[6] ?? '', hash: r[7] ?? '' };
}

/** Options of a batched read. */
export interface BatchOptions {
  /** Also read prev_hash and hash (for /verify and export). */
  hashes?: boolean;
  /** Versions per batch (default EVENT_BATCH_VERSIONS). */
  batchVersions?: number;
}

/**
 * Yields the stream as it stood when the read began (up to its last version then), in version
 * order, batch by batch. The next batches are already being fetched while the caller handles one, and
 * every batch after the first waits for a turn of the event loop, so other requests keep being
 * served during a long read.
 */
export async function* eventBatches(db: Queryable, jobId: string, opts: BatchOptions = {}): AsyncGenerator<StreamEvent[]> {
  const size = opts.batchVersions ?? EVENT_BATCH_VERSIONS;
  const statement = opts.hashes ? { name: 'event_batch_hashes', text: BATCH_WITH_HASHES_SQL } : { name: 'event_batch', text: BATCH_SQL };
  const last = await lastVersion(db, jobId);
  const fetch = (after: number) => {
    const q = db.query<RawRow>({ ...statement, values: [jobId, after, Math.min(after + size, last)], rowMode: 'array' });
    // Without a handler, a prefetch the caller never awaits (it stopped early) would reject unhandled.
    q.catch(() => undefined);
    return q;
  };
  const queue: Promise<pg.QueryArrayResult<RawRow>>[] = [];
  let after = 0;
  const refill = () => {
    for (; queue.length < PREFETCH_BATCHES && after < last; after = Math.min(after + size, last)) queue.push(fetch(after));
  };
  refill();
  let first = true;
  while (queue.length > 0) {
    const res = await queue.shift()!;
    refill();
    if (!first) await nextTurn();
    first = false;
    if (res.rows.length > 0) yield res.rows.map(toEvent);
  }
}
