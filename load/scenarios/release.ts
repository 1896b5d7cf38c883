/**
 * Release workload (issue 4 item 1): open-model submits followed to a terminal status, reads of
 * real jobs, tenancy probes mixed in (AB_PROBE_RATE), and the 10k-event replay bar when seeded jobs
 * are given (AB_REPLAY_JOBS). Settings: load/lib/env.ts. Thresholds: baselines/thresholds.json.
 */
import type { Options } from 'k6/options';
import { readEnv } from '../lib/env.ts';
import { submitIteration, readIteration } from '../lib/iterations.ts';
import { replayIteration } from '../lib/replay-reads.ts';
import { standardSetup, type SetupData } from '../lib/setup.ts';
import { summaryOutputs } from '../lib/summary.ts';
import { probeIteration } from '../lib/tenancy.ts';
import { thresholdsFor } from '../lib/thresholds.ts';
import { buildScenarios } from '../lib/workload.ts';

const env = readEnv();

export const options: Options = {
  scenarios: buildScenarios(env, ['submit', 'read', 'probe', 'replay']),
  thresholds: thresholdsFor(env.profile, [
    'http_req_duration', 'job_e2e_duration', 'jobs_accepted', 'jobs_completed', 'jobs_failed', 'jobs_timed_out',
    'job_completion', 'agents_recreated', 'replay_duration', 'tenant_isolation_violations',
  ]),
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'],
};

/** Logs in, creates each tenant's agents and one corpus job per tenant. */
export async function setup(): Promise<SetupData> {
  return await standardSetup(env, { corpus: true });
}

/** submit scenario. */
export async function submit(data: SetupData): Promise<void> {
  return await submitIteration(env, data);
}

/** read scenario. */
export async function read(data: SetupData): Promise<void> {
  return await readIteration(env, data);
}

/** probe scenario (tenancy mixed into release). */
export async function probe(data: SetupData): Promise<void> {
  return await probeIteration(env, data);
}

/** replay scenario: GET /replay of the seeded jobs only (the replay bar), in its own phase first. */
export async function replay(data: SetupData): Promise<void> {
  return await replayIteration(env, data, false);
}

/** Summary data to AB_SUMMARY_FILE, text to stdout. */
export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutputs(data, env);
}
