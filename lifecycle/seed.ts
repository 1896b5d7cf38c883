/**
 * Fast seeding of long jobs for replay benchmarks (issue 4 item 7): N completed jobs of M
 * contiguous events each (hash-chained, realistic payloads) written with COPY in one transaction,
 * plus an optional job_snapshots row per job. Only INSERTs rows whose job ids start with
 * `seed-<tag>-`, so it never touches anything it did not write.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { HarnessError, UsageError } from '../harness/errors.ts';
import { copyText, eventHash, eventType, filler, planOf, payloadOf, rfc3339Nano, snapshotOf, type JobShape } from './seed-events.ts';

/** What to seed. */
export interface SeedOptions {
  /** Postgres URL of an Aetheris database (contains a password: never logged). */
  pgUrl: string;
  jobs: number;
  /** Events per job (≥ 2: job_created … job_completed). */
  events: number;
  /** jobs.tenant_id (default "default"). */
  tenant?: string;
  /** Also write a job_snapshots row (version = events) per job. */
  snapshot?: boolean;
  /** Characters of LLM text in each step's command_committed / reasoning_snapshot (default 200). */
  payloadBytes?: number;
  /** Called after each chunk of events is handed to COPY. */
  onProgress?: (eventsWritten: number, eventsTotal: number) => void;
}

/** One seeded job, as the replay workload wants it (AB_REPLAY_JOBS). */
export interface SeededJob {
  id: string;
  events: number;
  snapshot: boolean;
  /** jobs.tenant_id: replay requests must send it as X-Tenant-ID. */
  tenant: string;
}

/** What a seed wrote. */
export interface SeedResult {
  /** Prefix shared by every job id of this seed (`seed-<tag>-`). */
  prefix: string;
  tenant: string;
  jobs: SeededJob[];
  eventsWritten: number;
  elapsedMs: number;
}

/** The tables seeding writes; a database without them is not Aetheris's. */
export const REQUIRED_TABLES = ['jobs', 'job_events', 'job_snapshots'] as const;

const CHUNK_CHARS = 512 * 1024;
const EVENT_SPACING_US = 1000;

/** `AB_REPLAY_JOBS` for the replay workload: `<id>:<events>:<0|1 snapshot>:<tenant>` joined by commas. */
export function replayJobsEnv(jobs: readonly SeededJob[]): string {
  return jobs.map((j) => `${j.id}:${j.events}:${j.snapshot ? 1 : 0}:${j.tenant}`).join(',');
}

/** host:port/db of a Postgres URL, for messages (no user, no password). */
export function describePg(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable postgres URL)';
  }
}

function validate(o: SeedOptions): void {
  const bad = (flag: string, v: unknown, want: string) => {
    throw new UsageError(`seed: ${flag} ${String(v)} is not ${want}`);
  };
  if (!Number.isInteger(o.jobs) || o.jobs < 1) bad('--jobs', o.jobs, 'a whole number ≥ 1');
  if (!Number.isInteger(o.events) || o.events < 2) bad('--events', o.events, 'a whole number ≥ 2 (job_created … job_completed)');
  if (o.payloadBytes !== undefined && (!Number.isInteger(o.payloadBytes) || o.payloadBytes < 1 || o.payloadBytes > 1_000_000)) bad('--payload-bytes', o.payloadBytes, 'a whole number in 1..1000000');
  if (o.tenant !== undefined && !/^[A-Za-z0-9._-]{1,128}$/.test(o.tenant)) bad('--tenant', JSON.stringify(o.tenant), 'a tenant id of [A-Za-z0-9._-]');
}

/** Throws UsageError when the database lacks Aetheris's tables. */
export async function assertAetherisDb(client: pg.Client, url: string): Promise<void> {
  const { rows } = await client.query<{ name: string; present: boolean }>(
    'SELECT name, to_regclass(name) IS NOT NULL AS present FROM unnest($1::text[]) AS name',
    [REQUIRED_TABLES],
  );
  const missing = rows.filter((r) => !r.present).map((r) => r.name);
  if (missing.length > 0) throw new UsageError(`seed: ${describePg(url)} has no ${missing.join(', ')} table(s): not an Aetheris database (refusing to write)`);
}

function* eventLines(shapes: readonly JobShape[], baseUs: number): Generator<string> {
  let t = baseUs;
  for (const s of shapes) {
    let prev = '';
    for (let v = 1; v <= s.m; v++, t += EVENT_SPACING_US) {
      const at = rfc3339Nano(t);
      const type = eventType(v, s.m);
      const payload = payloadOf(s, v, at);
      const hash = eventHash(s.jobId, type, payload, at, prev);
      yield `${s.jobId}\t${v}\t${type}\t${copyText(payload)}\t${at}\t${prev}\t${hash}\n`;
      prev = hash;
    }
  }
}

function chunked(lines: Iterable<string>, total: number, onProgress?: SeedOptions['onProgress']): Readable {
  return Readable.from(
    (function* () {
      let buf = '';
      let n = 0;
      for (const line of lines) {
        buf += line;
        n++;
        if (buf.length >= CHUNK_CHARS) {
          yield buf;
          buf = '';
          onProgress?.(n, total);
        }
      }
      if (buf) yield buf;
      onProgress?.(n, total);
    })(),
    { objectMode: false },
  );
}

async function copyInto(client: pg.Client, sql: string, source: Readable): Promise<void> {
  await pipeline(source, client.query(copyFrom(sql)));
}

/** Seeds `jobs` × `events` in one transaction; resolves with the ids written. */
export async function seedJobs(o: SeedOptions): Promise<SeedResult> {
  validate(o);
  const started = Date.now();
  const tenant = o.tenant ?? 'default';
  const text = filler(o.payloadBytes ?? 200);
  const prefix = `seed-${randomBytes(4).toString('hex')}-`;
  const client = new pg.Client({ connectionString: o.pgUrl });
  try {
    await client.connect();
  } catch (err) {
    throw new HarnessError(`seed: cannot connect to ${describePg(o.pgUrl)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    await assertAetherisDb(client, o.pgUrl);
    const shapes: JobShape[] = [];
    for (let j = 0; j < o.jobs; j++) {
      const jobId = `${prefix}${j}`;
      const goal = `seeded replay job ${j} of ${o.events} events`;
      shapes.push({ jobId, agentId: `${prefix}agent`, goal, m: o.events, text, ...planOf(goal, o.events) });
    }
    // All events lie in the past, 1 ms apart, in job order.
    const baseUs = (Date.now() - o.jobs * o.events - 60_000) * 1000;
    await client.query('BEGIN');
    const jobLines = shapes.map((s, j) => {
      const first = rfc3339Nano(baseUs + j * o.events * EVENT_SPACING_US);
      const last = rfc3339Nano(baseUs + ((j + 1) * o.events - 1) * EVENT_SPACING_US);
      return `${s.jobId}\t${s.agentId}\t${s.goal}\t2\t\t0\t${first}\t${last}\t${tenant}\n`;
    });
    await copyInto(client, 'COPY jobs (id, agent_id, goal, status, cursor, retry_count, created_at, updated_at, tenant_id) FROM STDIN', Readable.from(jobLines));
    const total = o.jobs * o.events;
    await copyInto(client, 'COPY job_events (job_id, version, type, payload, created_at, prev_hash, hash) FROM STDIN', chunked(eventLines(shapes, baseUs), total, o.onProgress));
    if (o.snapshot) {
      const snapLines = shapes.map((s) => `${s.jobId}\t${s.m}\t\\\\x${Buffer.from(snapshotOf(s)).toString('hex')}\n`);
      await copyInto(client, 'COPY job_snapshots (job_id, version, snapshot) FROM STDIN', Readable.from(snapLines));
    }
    await client.query('COMMIT');
    const elapsedMs = Date.now() - started;
    // Fresh statistics: right after a bulk load the planner still believes the tables are tiny and
    // sorts whole streams in memory-spilling plans, which would make replay look slower than it is.
    await client.query('ANALYZE jobs, job_events');
    return {
      prefix,
      tenant,
      jobs: shapes.map((s) => ({ id: s.jobId, events: s.m, snapshot: o.snapshot ?? false, tenant })),
      eventsWritten: total,
      elapsedMs,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (err instanceof UsageError) throw err;
    throw new HarnessError(`seed: writing to ${describePg(o.pgUrl)} failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
