/**
 * Soak workload (issue 4 item 3): hours of steady mixed traffic — submits followed to the end,
 * reads, cross-tenant probes, and a few /stops. VUs keep only a client and an agent map bounded by
 * the tenant count; nothing a VU holds grows with time. Settings: load/lib/env.ts.
 */
import type { Options } from 'k6/options';
import { readEnv } from '../lib/env.ts';
import { readIteration, stopIteration, submitIteration } from '../lib/iterations.ts';
import { standardSetup, type SetupData } from '../lib/setup.ts';
import { summaryOutputs } from '../lib/summary.ts';
import { probeIteration } from '../lib/tenancy.ts';
import { thresholdsFor } from '../lib/thresholds.ts';
import { buildScenarios } from '../lib/workload.ts';

const env = readEnv();

export const options: Options = {
  scenarios: buildScenarios(env, ['submit', 'read', 'probe', 'stop']),
  thresholds: thresholdsFor(env.profile, [
    'http_req_duration', 'job_e2e_duration', 'jobs_accepted', 'jobs_completed', 'jobs_failed', 'jobs_timed_out',
    'job_completion', 'agents_recreated', 'tenant_isolation_violations', 'jobs_stopped',
  ]),
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'],
};

/** Logs in, creates each tenant's agents and one corpus job per tenant. */
export async function setup(): Promise<SetupData> {
  return await standardSetup(env, { corpus: true, stopAgent: env.stopRate > 0 });
}

/** submit scenario. */
export async function submit(data: SetupData): Promise<void> {
  return await submitIteration(env, data);
}

/** read scenario. */
export async function read(data: SetupData): Promise<void> {
  return await readIteration(env, data);
}

/** probe scenario. */
export async function probe(data: SetupData): Promise<void> {
  return await probeIteration(env, data);
}

/** stop scenario. */
export async function stop(data: SetupData): Promise<void> {
  return await stopIteration(env, data);
}

/** Summary data to AB_SUMMARY_FILE, text to stdout. */
export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutputs(data, env);
}
