/**
 * Iteration bodies of the submit, read and stop scenarios (the scripts export them by name).
 * Tenant and agent rotate with the scenario's global iteration number, so every tenant gets an
 * equal share without any VU remembering anything.
 */
import { check } from 'k6';
import exec from 'k6/execution';
import type { WorkloadEnv } from './env.ts';
import { iterationKey } from './idempotency.ts';
import { followJob, submitJob } from './jobs.ts';
import { jobsStopped } from './metrics.ts';
import type { SetupData } from './setup.ts';
import { vuState } from './vu-state.ts';

const LIST_LIMIT = 20;

function pick(data: SetupData): { tenant: string; slot: number; iter: number } {
  const iter = exec.scenario.iterationInTest;
  const n = data.tenants.length;
  return { tenant: data.tenants[iter % n]!.tenant, slot: Math.floor(iter / n), iter };
}

/** Submit one job and follow it to a terminal status (job_e2e_duration, completion counters). */
export async function submitIteration(env: WorkloadEnv, data: SetupData): Promise<void> {
  const { client, book } = vuState(env, data);
  const { tenant, slot } = pick(data);
  const started = Date.now();
  const jobId = await submitJob(client, book, env, tenant, slot, iterationKey(data.runId));
  if (jobId) await followJob(client, env, jobId, tenant, started, true);
}

/** List a tenant's recent jobs, then GET one of them and its events. */
export async function readIteration(env: WorkloadEnv, data: SetupData): Promise<void> {
  const { client, book } = vuState(env, data);
  const { tenant, slot, iter } = pick(data);
  const { ids } = await client.listJobs(book.agent(tenant, slot), tenant, LIST_LIMIT);
  const fallback = data.corpus.find((c) => c.tenant === tenant)?.jobId;
  const jobId = ids.length > 0 ? ids[iter % ids.length] : fallback;
  if (!jobId) return;
  const { res } = await client.getJob(jobId, tenant);
  check(res, { 'read job 200': (r) => r.status === 200 });
  const events = await client.getEvents(jobId, tenant);
  check(events, { 'read events 200': (r) => r.status === 200 });
}

/**
 * Submit a job on the stop agent in the token's own tenant (see SetupData.stop), POST /stop it at
 * once, and follow it (counted as stopped, not as a failure).
 */
export async function stopIteration(env: WorkloadEnv, data: SetupData): Promise<void> {
  if (!data.stop) return;
  const { client, book } = vuState(env, data);
  const tenant = data.stop.tenant;
  const slot = 0;
  const started = Date.now();
  const tags = { purpose: 'stop' };
  const jobId = await submitJob(client, book, env, tenant, slot, iterationKey(data.runId), tags);
  if (!jobId) return;
  const res = await client.stop(jobId, tenant, 'ok-or-400', tags);
  check(res, { 'stop answered 200 or 400 (already terminal)': (r) => r.status === 200 || r.status === 400 });
  const outcome = await followJob(client, env, jobId, tenant, started, false);
  if (outcome === 'cancelled') jobsStopped.add(1);
}
