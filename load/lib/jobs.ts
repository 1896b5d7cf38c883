/**
 * Submitting a job (with agent recovery) and following it to a terminal status with bounded,
 * backing-off polling; feeds the job metrics.
 */
import { check, sleep } from 'k6';
import type { AgentBook } from './agents.ts';
import type { AetherisClient } from './api.ts';
import type { WorkloadEnv } from './env.ts';
import { jobCompletion, jobE2eDuration, jobsAccepted, jobsCompleted, jobsFailed, jobsTimedOut } from './metrics.ts';

/** Statuses after which a job never changes again (contract §3.6). */
export const TERMINAL = ['completed', 'failed', 'cancelled'];

/** How a followed job ended. */
export type FollowOutcome = 'completed' | 'failed' | 'cancelled' | 'timed_out';

const FIRST_POLL_MS = 200;
const BACKOFF = 1.5;

/** A message of about `bytes` characters that says which run and key sent it. */
export function message(key: string, bytes: number): string {
  const head = `aetheris-bench ${key}: `;
  return head.length >= bytes ? head : head + 'x'.repeat(bytes - head.length);
}

/**
 * POST a message for `tenant`; on 404 (the API lost the agent) re-creates the agent once and
 * posts again with the same key. Counts jobs_accepted on 202.
 */
export async function submitJob(client: AetherisClient, book: AgentBook, env: WorkloadEnv, tenant: string, slot: number, key: string, tags?: Record<string, string>): Promise<string | undefined> {
  const text = message(key, env.messageBytes);
  let res = await client.submit(book.agent(tenant, slot), tenant, key, text, tags);
  if (res.status === 404) {
    const agent = await book.recreate(client, tenant, slot);
    if (agent) res = await client.submit(agent, tenant, key, text, tags);
  }
  check(res.status, { 'submit accepted (202)': (s) => s === 202 });
  if (res.jobId) jobsAccepted.add(1, tags);
  return res.jobId;
}

/**
 * Polls GET /api/jobs/:id from 200 ms, ×1.5 per poll up to AB_FOLLOW_MAX_INTERVAL, until a terminal
 * status, AB_FOLLOW_TIMEOUT after `startedAt`, or AB_FOLLOW_MAX_POLLS polls. Errors (5xx, refused
 * connections during an outage) just cost a poll. `record` feeds the completion metrics.
 */
export async function followJob(client: AetherisClient, env: WorkloadEnv, jobId: string, tenant: string, startedAt: number, record: boolean): Promise<FollowOutcome> {
  const deadline = startedAt + env.followTimeoutMs;
  let interval = FIRST_POLL_MS;
  for (let polls = 0; polls < env.followMaxPolls; polls++) {
    const wait = Math.min(interval, deadline - Date.now());
    if (wait <= 0) break;
    await sleep(wait / 1000);
    const { job } = await client.getJob(jobId, tenant, 'ok', { purpose: 'follow' });
    if (job && TERMINAL.includes(job.status)) {
      const outcome = job.status as FollowOutcome;
      if (record) recordOutcome(outcome, Date.now() - startedAt);
      return outcome;
    }
    interval = Math.min(interval * BACKOFF, env.followMaxIntervalMs);
  }
  if (record) recordOutcome('timed_out', 0);
  return 'timed_out';
}

function recordOutcome(outcome: FollowOutcome, e2eMs: number): void {
  jobCompletion.add(outcome === 'completed' ? 1 : 0);
  if (outcome === 'timed_out') {
    jobsTimedOut.add(1);
    return;
  }
  jobE2eDuration.add(e2eMs, { status: outcome });
  if (outcome === 'completed') jobsCompleted.add(1);
  else jobsFailed.add(1, { status: outcome });
}
