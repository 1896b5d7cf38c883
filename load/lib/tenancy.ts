/**
 * Tenant isolation under load (issue 4 item 4). Each iteration acts as one tenant: it submits and
 * reads its own job, then probes another tenant's corpus job through every job endpoint plus the
 * other tenant's agent listing and /stop. Any answer that exposes or acts on the other tenant's job
 * is a violation. Faithful Aetheris answers 404 (GETs, §1.3) and 403 (/stop: `user` role, §2.3).
 */
import { check } from 'k6';
import exec from 'k6/execution';
import type { AetherisClient, Endpoint } from './api.ts';
import type { WorkloadEnv } from './env.ts';
import { iterationKey } from './idempotency.ts';
import { submitJob } from './jobs.ts';
import { tenantHeaderOverrides, tenantIsolationViolations } from './metrics.ts';
import type { CorpusJob, SetupData } from './setup.ts';
import { vuState } from './vu-state.ts';

const PROBE = { purpose: 'probe' };

function exposes(status: number, body: unknown, victimJob: string): boolean {
  return (status >= 200 && status < 300) || (typeof body === 'string' && body.includes(victimJob));
}

function record(endpoint: Endpoint, violated: boolean): void {
  if (violated) tenantIsolationViolations.add(1, { endpoint });
  check(violated, { [`no cross-tenant exposure (${endpoint})`]: (v) => !v });
}

/** Own submit + read, then cross-tenant probes on another tenant's job. Needs ≥ 2 tenants. */
export async function probeIteration(env: WorkloadEnv, data: SetupData): Promise<void> {
  const { client, book } = vuState(env, data);
  const iter = exec.scenario.iterationInTest;
  const n = data.corpus.length;
  if (n < 2) return;
  const own = data.corpus[iter % n]!;
  const victim = data.corpus[(iter + 1 + (Math.floor(iter / n) % (n - 1))) % n]!;

  const jobId = await submitJob(client, book, env, own.tenant, Math.floor(iter / n), iterationKey(data.runId), PROBE);
  if (jobId) {
    const { res } = await client.getJob(jobId, own.tenant, 'ok', { purpose: 'own' });
    check(res, { 'own job readable (200)': (r) => r.status === 200 });
  }
  await probeOther(client, own.tenant, victim);
}

async function probeOther(client: AetherisClient, as: string, victim: CorpusJob): Promise<void> {
  const { res: job } = await client.getJob(victim.jobId, as, 'ok-or-denied', PROBE);
  record('get_job', exposes(job.status, job.body, victim.jobId));
  const events = await client.getEvents(victim.jobId, as, 'ok-or-denied', PROBE);
  record('get_events', exposes(events.status, events.body, victim.jobId));
  const replay = await client.replay(victim.jobId, as, 'ok-or-denied', PROBE);
  record('replay', exposes(replay.status, replay.body, victim.jobId));
  const trace = await client.trace(victim.jobId, as, 'ok-or-denied', PROBE);
  record('trace', exposes(trace.status, trace.body, victim.jobId));
  // Agents are dedicated to one tenant by this workload, so `as` has no job on the victim's agent.
  const { ids } = await client.listJobs(victim.agent, as, 100, PROBE);
  record('list_jobs', ids.length > 0);
  // 400 would mean the handler found the job and judged it terminal: that too reveals it.
  const stop = await client.stop(victim.jobId, as, 'ok-or-denied', PROBE);
  record('stop', exposes(stop.status, stop.body, victim.jobId) || stop.status === 400);
}

/**
 * The §2.1 finding, reported apart from violations: with a token whose tenant claim is `default`,
 * a job of another tenant is 404 without X-Tenant-ID and 200 with it. Only meaningful with auth on.
 */
export async function headerOverrideFinding(client: AetherisClient, data: SetupData): Promise<void> {
  const target = data.corpus.find((c) => c.tenant !== 'default');
  if (!target || !client.hasToken()) return;
  const plain = await client.getJob(target.jobId, '', 'ok-or-denied', { purpose: 'finding' });
  const withHeader = await client.getJob(target.jobId, target.tenant, 'ok-or-denied', { purpose: 'finding' });
  if (plain.res.status === 404 && withHeader.res.status === 200) {
    tenantHeaderOverrides.add(1);
    console.warn(`finding (contract §2.1): X-Tenant-ID "${target.tenant}" overrides the token's tenant claim "default"`);
  }
}
