// Small HTTP helpers for the reference-target benchmark: create an agent, submit a burst of jobs
// with bounded concurrency, and wait (bounded) until Postgres says they all completed.
import pg from 'pg';
import { JOB_STATUS } from '../target/store/status.ts';

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** Creates an agent and returns its id. */
export async function createAgent(apiUrl: string): Promise<string> {
  const r = await postJson(`${apiUrl}/api/agents`, { name: 'bench-agent' });
  if (r.status !== 200 || typeof r.json?.id !== 'string') throw new Error(`POST /api/agents answered ${r.status}`);
  return r.json.id as string;
}

/** Submits `n` messages to the agent, `concurrency` at a time; returns the job ids in order. */
export async function submitJobs(apiUrl: string, agentId: string, n: number, concurrency: number, tag: string): Promise<string[]> {
  const ids = new Array<string>(n);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < n; i = next++) {
      const r = await postJson(`${apiUrl}/api/agents/${agentId}/message`, { message: `bench job ${i}` }, { 'Idempotency-Key': `${tag}-${i}` });
      if (r.status !== 202 || typeof r.json?.job_id !== 'string') throw new Error(`POST /api/agents/:id/message answered ${r.status}`);
      ids[i] = r.json.job_id as string;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
  return ids;
}

/** Polls Postgres every `pollMs` until every job is completed; resolves with the time (performance.now) it saw that. */
export async function waitCompleted(pgUrl: string, ids: string[], timeoutMs: number, pollMs = 20): Promise<number> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ done: string; failed: string }>(
        'SELECT count(*) FILTER (WHERE status = $2) AS done, count(*) FILTER (WHERE status IN ($3, $4)) AS failed FROM jobs WHERE id = ANY($1)',
        [ids, JOB_STATUS.completed, JOB_STATUS.failed, JOB_STATUS.cancelled],
      );
      const now = performance.now();
      if (Number(rows[0]!.failed) > 0) throw new Error(`${rows[0]!.failed} of ${ids.length} benchmark jobs failed or were cancelled`);
      if (Number(rows[0]!.done) === ids.length) return now;
      if (now > deadline) throw new Error(`only ${rows[0]!.done} of ${ids.length} jobs completed within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  } finally {
    await client.end();
  }
}
