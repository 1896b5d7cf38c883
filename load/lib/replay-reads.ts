/**
 * Reads of seeded long jobs (issue 4 item 2): /events, /replay and /trace on jobs of 1k/10k/50k
 * events with and without a snapshot row. replay_duration is tagged `events` (the seeded count)
 * and `snapshot` ("true"/"false"), so the table can hold `replay_duration{events:10000}`.
 */
import { check } from 'k6';
import exec from 'k6/execution';
import { bodyJson } from './api.ts';
import type { WorkloadEnv } from './env.ts';
import { replayDuration } from './metrics.ts';
import type { SetupData } from './setup.ts';
import { vuState } from './vu-state.ts';

/**
 * One seeded job per iteration, round robin: GET /replay, plus /events and /trace when `all`.
 * The release gate sets `all` false: it measures the replay bar only, and a multi-megabyte seeded
 * stream then stays out of the `get_events` latency of ordinary jobs.
 */
export async function replayIteration(env: WorkloadEnv, data: SetupData, all: boolean): Promise<void> {
  if (env.replayJobs.length === 0) return;
  const { client } = vuState(env, data);
  const job = env.replayJobs[exec.scenario.iterationInTest % env.replayJobs.length]!;
  const tags = { events: String(job.events), snapshot: String(job.snapshot) };
  const tenant = job.tenant;
  if (all) {
    const res = await client.getEvents(job.id, tenant, 'ok', tags);
    const body = bodyJson(res) as { events?: unknown[] } | undefined;
    check(res, { 'seeded events 200 and complete': (r) => r.status === 200 && body?.events?.length === job.events });
  }
  const replay = await client.replay(job.id, tenant, 'ok', tags);
  if (replay.status === 200) replayDuration.add(replay.timings.duration, tags);
  // A substring test, not JSON.parse: parsing a multi-megabyte replay in the VU would stall the
  // generator's event loop for tens of milliseconds and delay other scheduled iterations.
  check(replay, { 'replay 200 with timeline': (r) => r.status === 200 && typeof r.body === 'string' && r.body.includes('"timeline":[') });
  if (!all) return;
  const trace = await client.trace(job.id, tenant, 'ok', tags);
  check(trace, { 'trace 200': (r) => r.status === 200 });
}
