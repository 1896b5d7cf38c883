/**
 * The common setup(): log in, create every tenant's agents, and submit one "corpus" job per
 * tenant that reads and cross-tenant probes can aim at from the first second. Returns only ids:
 * k6 copies setup data into the summary, so no token goes in here.
 */
import { check } from 'k6';
import type { TenantAgents } from './agents.ts';
import { AetherisClient } from './api.ts';
import type { WorkloadEnv } from './env.ts';
import { setupKey } from './idempotency.ts';
import { message } from './jobs.ts';
import { jobsAccepted } from './metrics.ts';

/** A job setup() submitted for `tenant` on `agent`. */
export interface CorpusJob {
  tenant: string;
  agent: string;
  jobId: string;
}

/** What setup() hands every VU (JSON, parsed once per VU). */
export interface SetupData {
  runId: string;
  tenants: TenantAgents[];
  corpus: CorpusJob[];
  /**
   * Agent of the stop scenario, in the token's own tenant (no X-Tenant-ID; `tenant` is ""):
   * with a tenant header the admin acts as `user` and may not stop (contract §2.3). Its own agent
   * keeps the tenant-dedicated agents of the probes clean.
   */
  stop?: TenantAgents;
}

/** Creates agents (and corpus jobs when `corpus`); throws with the failing status so the run stops at once. */
export async function standardSetup(env: WorkloadEnv, { corpus, stopAgent = false }: { corpus: boolean; stopAgent?: boolean }): Promise<SetupData> {
  const runId = env.runId ?? `adhoc-${Date.now().toString(36)}`;
  const client = new AetherisClient(env);
  await client.login();
  const tenants: TenantAgents[] = [];
  for (const tenant of env.tenants) {
    const agents: string[] = [];
    for (let i = 0; i < env.agentsPerTenant; i++) {
      const id = await client.createAgent(`ab-${runId}-${tenant}-${i}`);
      if (!id) throw new Error(`setup: POST ${env.baseUrl}/api/agents did not return an agent id (is the target up and the user allowed agent:manage?)`);
      agents.push(id);
    }
    tenants.push({ tenant, agents });
  }
  const jobs: CorpusJob[] = [];
  if (corpus) {
    for (const [n, t] of tenants.entries()) {
      const key = setupKey(runId, n);
      const res = await client.submit(t.agents[0]!, t.tenant, key, message(key, env.messageBytes), { purpose: 'setup' });
      check(res.status, { 'setup submit accepted (202)': (s) => s === 202 });
      if (!res.jobId) throw new Error(`setup: POST /api/agents/:id/message for tenant ${t.tenant} answered ${res.status}, not 202`);
      jobsAccepted.add(1, { purpose: 'setup' });
      jobs.push({ tenant: t.tenant, agent: t.agents[0]!, jobId: res.jobId });
    }
  }
  let stop: TenantAgents | undefined;
  if (stopAgent) {
    const id = await client.createAgent(`ab-${runId}-stop`);
    if (!id) throw new Error(`setup: POST ${env.baseUrl}/api/agents did not return an agent id for the stop scenario`);
    stop = { tenant: '', agents: [id] };
  }
  return { runId, tenants, corpus: jobs, ...(stop ? { stop } : {}) };
}
