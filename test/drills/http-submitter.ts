/**
 * A small bounded job submitter for the drill integration tests: a stand-in for the k6 drill
 * workload (the workloads engineer's), doing what it must do during faults — re-create the agent
 * after an API restart (404), count 5xx and refused connections as errors, never crash.
 */

/** What the submitter saw. */
export interface SubmitResult {
  /** Job ids of 202 answers, in order. */
  acceptedIds: string[];
  /** Unix ms of each accepted submit (per-second throughput for the recovery figures). */
  acceptedAt: number[];
  /** Unix ms of each failed request (5xx, refused, timeout). */
  errorAt: number[];
  requests: number;
  agentsRecreated: number;
}

/** Submits about `ratePerSec` jobs per second for `durationMs` (at most `maxJobs`), keys `ab-<runId>-1-<i>`. */
export async function submitJobs(apiUrl: string, runId: string, opts: { ratePerSec: number; durationMs: number; maxJobs: number }): Promise<SubmitResult> {
  const out: SubmitResult = { acceptedIds: [], acceptedAt: [], errorAt: [], requests: 0, agentsRecreated: 0 };
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    out.requests++;
    try {
      const res = await fetch(`${apiUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
      const text = await res.text();
      return { status: res.status, json: (text ? JSON.parse(text) : {}) as Record<string, string> };
    } catch {
      return { status: 0, json: {} as Record<string, string> };
    }
  };
  let agent: string | undefined;
  const ensureAgent = async () => {
    const r = await post('/api/agents', { name: '' });
    agent = r.status === 200 ? r.json.id : undefined;
    if (agent === undefined) out.errorAt.push(Date.now());
  };
  const start = Date.now();
  const gap = 1000 / opts.ratePerSec;
  for (let i = 0; i < opts.maxJobs && Date.now() - start < opts.durationMs; i++) {
    const due = start + i * gap;
    if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    if (agent === undefined) await ensureAgent();
    if (agent === undefined) continue;
    const key = `ab-${runId}-1-${i}`;
    let r = await post(`/api/agents/${agent}/message`, { message: `drill job ${i}` }, { 'Idempotency-Key': key });
    if (r.status === 404) {
      // The API restarted and lost its in-memory agents (contract §1.4): re-create and retry once.
      out.agentsRecreated++;
      await ensureAgent();
      if (agent !== undefined) r = await post(`/api/agents/${agent}/message`, { message: `drill job ${i}` }, { 'Idempotency-Key': key });
    }
    if (r.status === 202 && r.json.job_id) {
      out.acceptedIds.push(r.json.job_id);
      out.acceptedAt.push(Date.now());
    } else out.errorAt.push(Date.now());
  }
  return out;
}
