/**
 * Replay workload (issue 4 item 2): GET /events, /replay and /trace on seeded jobs of 1k, 10k and
 * 50k events, with and without a snapshot row (AB_REPLAY_JOBS from lifecycle/seed.ts), one request at a
 * time (AB_REPLAY_ROUNDS rounds over the jobs). The bar is
 * in baselines/thresholds.json: replay_duration{events:10000} P95 < 1 s.
 */
import type { Options } from 'k6/options';
import { readEnv } from '../lib/env.ts';
import { replayIteration } from '../lib/replay-reads.ts';
import type { SetupData } from '../lib/setup.ts';
import { summaryOutputs } from '../lib/summary.ts';
import { thresholdsFor } from '../lib/thresholds.ts';
import { buildScenarios } from '../lib/workload.ts';
import '../lib/metrics.ts';

const env = readEnv();
if (env.replayJobs.length === 0) throw new Error('AB_REPLAY_JOBS: the replay workload needs seeded jobs (aetheris-bench seed, or the profile\'s `seed`)');

export const options: Options = {
  scenarios: buildScenarios(env, ['replay']),
  thresholds: thresholdsFor(env.profile, ['replay_duration']),
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'],
};

/** Seeded jobs need no agents; setup only fixes the run id. */
export function setup(): SetupData {
  return { runId: env.runId ?? `adhoc-${Date.now().toString(36)}`, tenants: [], corpus: [] };
}

/** replay scenario: all three reads per seeded job. */
export async function replay(data: SetupData): Promise<void> {
  return await replayIteration(env, data, true);
}

/** Summary data to AB_SUMMARY_FILE, text to stdout. */
export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutputs(data, env);
}
