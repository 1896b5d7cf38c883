// Test helpers for the reference target: a real embedded Postgres, the API and workers in-process,
// and bounded polling. Every loop here stops by itself.
import pg from 'pg';
import { parseTargetConfig, type TargetConfig } from '../../target/config.ts';

/** Test config: short lease and poll so failover and retries fit in seconds. */
export function testConfig(overrides: Record<string, unknown> = {}): TargetConfig {
  const base: Record<string, Record<string, unknown> | unknown> = {
    leaseMs: 2000,
    worker: { pollIntervalMs: 100, concurrency: 4, planWaitMs: 2000, cancelPollMs: 100, shutdownGraceMs: 2000 },
    poolSize: 4,
  };
  for (const [k, v] of Object.entries(overrides)) {
    const cur = base[k];
    base[k] = typeof v === 'object' && v && !Array.isArray(v) && typeof cur === 'object' && cur ? { ...cur, ...v } : v;
  }
  return parseTargetConfig(JSON.stringify(base), 'test config');
}

/** Minimal JSON HTTP client for the API under test. */
export async function call(
  base: string,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers; raw: Buffer }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...opts.headers },
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  });
  const raw = Buffer.from(await res.arrayBuffer());
  let body: any = raw.toString('utf8');
  if ((res.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(body);
  return { status: res.status, body, headers: res.headers, raw };
}

/** Polls `probe` every `intervalMs` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Waits until a job reaches a terminal status and returns the job body. */
export async function waitTerminal(base: string, jobId: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<any> {
  return waitFor(`job ${jobId} to end`, timeoutMs, async () => {
    const r = await call(base, 'GET', `/api/jobs/${jobId}`, { headers });
    return ['completed', 'failed', 'cancelled'].includes(r.body?.status) ? r.body : undefined;
  });
}

/** Runs one SQL statement on a short-lived connection. */
export async function sql<T extends pg.QueryResultRow = any>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
}

/** Creates an agent and submits one message; returns the ids. */
export async function submit(base: string, message: string, headers: Record<string, string> = {}): Promise<{ agentId: string; jobId: string }> {
  const agent = await call(base, 'POST', '/api/agents', { body: { name: 'test-agent' }, headers });
  if (agent.status !== 200) throw new Error(`agent creation returned ${agent.status}: ${JSON.stringify(agent.body)}`);
  const job = await call(base, 'POST', `/api/agents/${agent.body.id}/message`, { body: { message }, headers });
  if (job.status !== 202) throw new Error(`submit returned ${job.status}: ${JSON.stringify(job.body)}`);
  return { agentId: agent.body.id, jobId: job.body.job_id };
}
