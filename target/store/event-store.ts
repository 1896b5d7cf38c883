import type pg from 'pg';
import { eventHash } from './event-hash.ts';

/** Anything that can run a query: a Pool or a checked-out client. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/** The append lost the compare-and-set: another writer appended first (Aetheris ErrVersionMismatch). */
export class VersionMismatchError extends Error {
  override name = 'VersionMismatchError';
}

/** The worker's attempt no longer holds a live claim on the job (Aetheris ErrStaleAttempt). */
export class StaleAttemptError extends Error {
  override name = 'StaleAttemptError';
}

/** One event to append; `payload` is serialised once and hashed as those exact bytes. */
export interface NewEvent {
  type: string;
  payload: unknown;
}

/** Where a job's stream ends: the version and hash the next append builds on. */
export interface StreamHead {
  version: number;
  hash: string;
}

/** Options of one append. */
export interface AppendOptions {
  jobId: string;
  /** Version the stream must end at for the append to succeed (compare-and-set). */
  head: StreamHead;
  events: NewEvent[];
  /** Worker appends carry their attempt id and are fenced on a live claim holding it. */
  attemptId?: string;
  /** Knob: extra padding bytes added to every payload object. */
  padBytes?: number;
}

// One statement: the CAS on MAX(version) and the attempt fence are checked in the same snapshot as the insert.
const APPEND_SQL = `INSERT INTO job_events (job_id, version, type, payload, created_at, prev_hash, hash)
SELECT $1, v.version, v.type, v.payload, v.created_at, v.prev_hash, v.hash
FROM unnest($2::int[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::text[], $7::text[]) AS v(version, type, payload, created_at, prev_hash, hash)
WHERE (SELECT COALESCE(MAX(version), 0) FROM job_events WHERE job_id = $1) = $8
  AND ($9::text IS NULL OR EXISTS (SELECT 1 FROM job_claims WHERE job_id = $1 AND attempt_id = $9 AND expires_at > now()))`;

const FENCE_SQL = 'SELECT 1 FROM job_claims WHERE job_id = $1 AND attempt_id = $2 AND expires_at > now()';

/** Adds `padding` of `bytes` characters to an object payload (fault knob: larger event payloads). */
export function padPayload(payload: unknown, bytes: number): unknown {
  if (!bytes || typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  return { ...payload, padding: 'x'.repeat(bytes) };
}

/**
 * Appends events after `head` with Aetheris's compare-and-set and hash chain; worker appends are
 * fenced by attempt id. Returns the new head. Throws VersionMismatchError or StaleAttemptError.
 */
/** Column arrays of events ready to insert, hashed and chained after `head`. */
export interface PreparedEvents {
  versions: number[];
  types: string[];
  payloads: string[];
  times: string[];
  prevs: string[];
  hashes: string[];
  head: StreamHead;
}

/** Serialises, times and hash-chains events after `head` (the hash covers the exact payload bytes). */
export function prepareEvents(jobId: string, head: StreamHead, events: NewEvent[], padBytes = 0): PreparedEvents {
  const n = events.length;
  const out: PreparedEvents = { versions: [], types: [], payloads: [], times: [], prevs: [], hashes: [], head };
  let { version, hash } = head;
  for (let i = 0; i < n; i++) {
    const ev = events[i]!;
    const json = JSON.stringify(padPayload(ev.payload, padBytes)) ?? 'null';
    const at = new Date();
    const next = eventHash(jobId, ev.type, json, at, hash);
    version += 1;
    out.versions.push(version);
    out.types.push(ev.type);
    out.payloads.push(json);
    out.times.push(at.toISOString());
    out.prevs.push(hash);
    out.hashes.push(next);
    hash = next;
  }
  out.head = { version, hash };
  return out;
}

/**
 * Appends events after `head` with Aetheris's compare-and-set and hash chain; worker appends are
 * fenced by attempt id. Returns the new head. Throws VersionMismatchError or StaleAttemptError.
 */
export async function appendEvents(db: Queryable, opts: AppendOptions): Promise<StreamHead> {
  const n = opts.events.length;
  const p = prepareEvents(opts.jobId, opts.head, opts.events, opts.padBytes);
  const { versions, types, payloads, times, prevs, hashes } = p;
  const { version, hash } = p.head;
  let inserted: number;
  try {
    const res = await db.query({
      name: 'append_events',
      text: APPEND_SQL,
      values: [opts.jobId, versions, types, payloads, times, prevs, hashes, opts.head.version, opts.attemptId ?? null],
    });
    inserted = res.rowCount ?? 0;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new VersionMismatchError(`job ${opts.jobId}: version ${opts.head.version + 1} already written`);
    throw err;
  }
  if (inserted === n) return { version, hash };
  if (opts.attemptId) {
    const fence = await db.query({ name: 'append_fence', text: FENCE_SQL, values: [opts.jobId, opts.attemptId] });
    if (fence.rowCount === 0) throw new StaleAttemptError(`job ${opts.jobId}: attempt ${opts.attemptId} no longer holds the claim`);
  }
  throw new VersionMismatchError(`job ${opts.jobId}: stream is no longer at version ${opts.head.version}`);
}

/** Reads the current head of a job's stream (version 0 and hash "" when empty). */
export async function readHead(db: Queryable, jobId: string): Promise<StreamHead & { hasPlan: boolean; lastType: string }> {
  const res = await db.query<{ version: number | null; hash: string | null; has_plan: boolean | null; last_type: string | null }>({
    name: 'read_head',
    text: `SELECT e.version, e.hash, e.type AS last_type,
             EXISTS (SELECT 1 FROM job_events p WHERE p.job_id = $1 AND p.type = 'plan_generated') AS has_plan
           FROM job_events e WHERE e.job_id = $1 ORDER BY e.version DESC LIMIT 1`,
    values: [jobId],
  });
  const row = res.rows[0];
  if (!row) return { version: 0, hash: '', hasPlan: false, lastType: '' };
  return { version: row.version ?? 0, hash: row.hash ?? '', hasPlan: row.has_plan ?? false, lastType: row.last_type ?? '' };
}
