// Long event streams through the reference API: complete and correct bodies for a seeded 10k-event
// job (several read batches), and a 50k-event /events response that is streamed in batches while
// other requests keep being answered. Real embedded Postgres and an in-process API server.
import { createHash } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedJobs } from '../../lifecycle/seed.ts';
import { eventType, nodeCount, planOf, STEP_TYPES } from '../../lifecycle/seed-events.ts';
import { startApiServer, type ApiServer } from '../../target/api/server.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../target/embedded-postgres.ts';
import { EVENT_BATCH_VERSIONS } from '../../target/store/event-batches.ts';
import { call, sql, testConfig } from './target-harness.ts';

const M = 10_000;
const BIG = 50_000;
let db: EmbeddedPostgres;
let api: ApiServer;
let job10k: string;
let job50k: string;
/** Batch reads issued by the API (counted on its pool: the batch statements are named event_batch*). */
let batchQueries = 0;

beforeAll(async () => {
  db = await startEmbeddedPostgres();
  job10k = (await seedJobs({ pgUrl: db.url, jobs: 1, events: M })).jobs[0]!.id;
  job50k = (await seedJobs({ pgUrl: db.url, jobs: 1, events: BIG })).jobs[0]!.id;
  api = await startApiServer({ dsn: db.url, config: testConfig() });
  const pool = api.deps.pool;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as { query: unknown }).query = (...args: unknown[]) => {
    const first = args[0] as { name?: string } | undefined;
    if (first?.name?.startsWith('event_batch')) batchQueries++;
    return query(...args);
  };
}, 180_000);

afterAll(async () => {
  await api?.close();
  await db?.stop();
});

/** Seeded node of step event v (v ≥ 4), as lifecycle/seed-events.ts lays them out. */
const nodeOf = (v: number) => `n${Math.floor((v - 4) / STEP_TYPES.length) + 1}`;
const RFC3339_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

describe('long event streams (10k events, batches of ' + EVENT_BATCH_VERSIONS + ' versions)', () => {
  it('GET /events returns every event once, in version order, with raw payloads', async () => {
    const r = await call(api.url, 'GET', `/api/jobs/${job10k}/events`);
    expect(r.status).toBe(200);
    expect(r.headers.get('transfer-encoding')).toBe('chunked');
    expect(r.body.job_id).toBe(job10k);
    const events = r.body.events as { id: string; job_id: string; type: string; payload: any; created_at: string }[];
    expect(events).toHaveLength(M);
    expect(events.map((e) => e.type)).toEqual(Array.from({ length: M }, (_, i) => eventType(i + 1, M)));
    expect(events[0]!.type).toBe('job_created');
    expect(events.at(-1)!.type).toBe('job_completed');
    const ids = events.map((e) => BigInt(e.id));
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    // Seeded events are 1 ms apart: the timestamps prove order and millisecond formatting.
    for (let i = 1; i < M; i++) expect(Date.parse(events[i]!.created_at) - Date.parse(events[i - 1]!.created_at)).toBe(1);
    expect(events.every((e) => e.job_id === job10k && RFC3339_MS.test(e.created_at) && typeof e.payload === 'object')).toBe(true);
    expect(events[4000]!.payload.node_id).toBe(nodeOf(4001));
    expect(Object.keys(events[0]!)).toEqual(['id', 'job_id', 'type', 'payload', 'created_at']);
  });

  it('GET /replay rebuilds the whole timeline and the final state', async () => {
    const r = await call(api.url, 'GET', `/api/jobs/${job10k}/replay?step_node_id=n7`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['job_id', 'goal', 'read_only', 'timeline', 'current_state', 'step_replay']);
    const timeline = r.body.timeline as { type: string; created_at: string; payload: any; node_id?: string }[];
    expect(timeline).toHaveLength(M);
    expect(timeline.map((e) => e.type)).toEqual(Array.from({ length: M }, (_, i) => eventType(i + 1, M)));
    for (let v = 4; v < M; v += 997) expect(timeline[v - 1]!.node_id).toBe(nodeOf(v));
    expect(timeline[0]).not.toHaveProperty('node_id');
    const nodes = Array.from({ length: nodeCount(M) }, (_, i) => `n${i + 1}`);
    // The last block is partial (10000 - 4 = 9996 = 1428 × 7): every node finished.
    expect(r.body.current_state).toEqual({ completed_node_ids: nodes, cursor_node: nodes.at(-1), phase: 'completed' });
    expect(r.body.step_replay.step_node_id).toBe('n7');
    expect(r.body.step_replay.state_at_step).toEqual({ step: 7, last: 'n7' });
    expect(r.body.step_replay.step_result.llm_model).toBe('stub-1');
  });

  it('GET /trace pairs every node start with its finish and keeps the decision snapshot', async () => {
    const r = await call(api.url, 'GET', `/api/jobs/${job10k}/trace`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['job_id', 'timeline', 'node_durations', 'execution_tree', 'timeline_segments', 'steps', 'decision_snapshot']);
    expect(r.body.timeline).toHaveLength(M);
    const k = nodeCount(M);
    expect(r.body.node_durations).toHaveLength(k);
    // node_started is 3 versions (3 ms) before node_finished in a seeded step.
    expect(r.body.node_durations.every((d: any) => d.duration_ms === 3)).toBe(true);
    expect(r.body.node_durations.at(-1).node_id).toBe(`n${k}`);
    expect(r.body.execution_tree.children).toHaveLength(k);
    expect(r.body.timeline_segments[0]).toEqual({ node_id: 'n1', start: r.body.node_durations[0].started_at, end: r.body.node_durations[0].finished_at });
    expect(r.body.steps).toHaveLength(k);
    expect(r.body.steps[k - 1]).toMatchObject({ node_id: `n${k}`, result_type: 'pure', state: 'ok', attempt: 1 });
    const { planHash } = planOf(`seeded replay job 0 of ${M} events`, M);
    expect(r.body.decision_snapshot.plan_hash).toBe(planHash);
  });

  it('GET /verify hashes the whole stream exactly as the contract defines it', async () => {
    const rows = await sql<{ id: string; type: string; payload: string }>(db.url, 'SELECT id::text AS id, type, payload::text AS payload FROM job_events WHERE job_id = $1 ORDER BY version', [job10k]);
    let root = '';
    for (const e of rows) root = createHash('sha256').update(`${root}${e.id}${e.type}${Buffer.from(e.payload).toString('base64')}`).digest('hex');
    const exec = createHash('sha256').update(planOf(`seeded replay job 0 of ${M} events`, M).planHash);
    for (let i = 1; i <= nodeCount(M); i++) exec.update(`n${i}:pure`);
    const r = await call(api.url, 'GET', `/api/jobs/${job10k}/verify`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ execution_hash: exec.digest('hex'), event_chain_root_hash: root, tool_invocation_ledger_proof: { ok: true }, replay_proof_result: { ok: true } });
  });

  it('a stream with gaps in its versions is still read whole and in order', async () => {
    await sql(db.url, `INSERT INTO jobs (id, agent_id, goal, status, tenant_id) VALUES ('gappy', 'a', 'g', 2, 'default')`);
    const versions = [1, 2, 3, EVENT_BATCH_VERSIONS + 1, 3 * EVENT_BATCH_VERSIONS + 7, 3 * EVENT_BATCH_VERSIONS + 8];
    await sql(db.url, `INSERT INTO job_events (job_id, version, type, payload) SELECT 'gappy', v, 'agent_message', jsonb_build_object('v', v) FROM unnest($1::int[]) AS v`, [versions]);
    const r = await call(api.url, 'GET', '/api/jobs/gappy/events');
    expect(r.body.events.map((e: any) => e.payload.v)).toEqual(versions);
  });
});

/** Starts GET path; resolves `firstChunk` with the batch-query count when body bytes first arrive. */
function openStream(path: string): { firstChunk: Promise<number>; done: Promise<{ bytes: number; body: string }>; req: http.ClientRequest } {
  let onFirst!: (n: number) => void;
  const firstChunk = new Promise<number>((r) => (onFirst = r));
  let req!: http.ClientRequest;
  const done = new Promise<{ bytes: number; body: string }>((resolve, reject) => {
    req = http.get(`${api.url}${path}`, (res) => {
      const parts: Buffer[] = [];
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        if (bytes === 0) onFirst(batchQueries);
        bytes += c.length;
        parts.push(c);
      });
      res.on('end', () => resolve({ bytes, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  return { firstChunk, done, req };
}

describe('a 50k-event response is streamed, not built whole', () => {
  it('sends the first bytes after a few batches and answers /api/health before it finishes', async () => {
    const batches = Math.ceil(BIG / EVENT_BATCH_VERSIONS);
    const before = batchQueries;
    const big = openStream(`/api/jobs/${job50k}/events`);
    let bigEnded = false;
    void big.done.then(() => (bigEnded = true), () => undefined);
    // Structural, not timed: body bytes reach the client while most batches are still unread.
    const issuedAtFirstByte = (await big.firstChunk) - before;
    expect(issuedAtFirstByte).toBeGreaterThan(0);
    expect(issuedAtFirstByte).toBeLessThan(batches / 2);
    const health = await call(api.url, 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(bigEnded).toBe(false);
    const { body } = await big.done;
    const parsed = JSON.parse(body) as { events: { type: string }[] };
    expect(parsed.events).toHaveLength(BIG);
    expect(parsed.events[0]!.type).toBe('job_created');
    expect(parsed.events.at(-1)!.type).toBe('job_completed');
    expect(batchQueries - before).toBe(batches);
  });

  it('stops reading batches when the client goes away, and keeps serving', async () => {
    const before = batchQueries;
    const big = openStream(`/api/jobs/${job50k}/replay`);
    big.done.catch(() => undefined);
    await big.firstChunk;
    big.req.destroy();
    // Bounded wait for the handler to notice the closed socket; the API stays usable meanwhile.
    for (let i = 0; i < 20; i++) {
      const health = await call(api.url, 'GET', '/api/health');
      expect(health.status).toBe(200);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(batchQueries - before).toBeLessThan(Math.ceil(BIG / EVENT_BATCH_VERSIONS));
    const after = await call(api.url, 'GET', `/api/jobs/${job10k}/verify`);
    expect(after.body.replay_proof_result).toEqual({ ok: true });
    expect(api.deps.pool.waitingCount).toBe(0);
  });
});
