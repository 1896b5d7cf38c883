/**
 * Which k6 scenarios a script runs, from the AB_* rates: a scenario with rate 0 is left out.
 * Exec names are fixed (the scripts export functions of these names).
 */
import type { Scenario } from 'k6/options';
import type { WorkloadEnv } from './env.ts';
import { msToK6 } from './duration.ts';
import { arrivalScenario } from './scenarios.ts';

/** The scenario kinds a script may offer. */
export type Kind = 'submit' | 'read' | 'probe' | 'stop' | 'replay';

// A read or probe iteration is a handful of requests; a replay of a 50k-event job can take seconds.
const SHORT_HOLD_MS = 1000;
const REPLAY_HOLD_MS = 5000;
// Between the replay phase and the rest: room for the last replay iteration to finish.
const PHASE_GAP_MS = 2000;

/** The `options.scenarios` object for the kinds this script offers; throws when none is enabled. */
export function buildScenarios(env: WorkloadEnv, kinds: readonly Kind[]): Record<string, Scenario> {
  const follow = env.followTimeoutMs + env.requestTimeoutMs;
  const requests = 8 * env.requestTimeoutMs;
  const out: Record<string, Scenario> = {};
  if (kinds.includes('submit') && env.submitRate > 0) {
    out.submit = arrivalScenario('submit', env.submitRate, env.durationMs, env.expectedE2eMs, follow);
  }
  if (kinds.includes('read') && env.readRate > 0) {
    out.read = arrivalScenario('read', env.readRate, env.durationMs, SHORT_HOLD_MS, 3 * env.requestTimeoutMs);
  }
  if (kinds.includes('probe') && env.probeRate > 0) {
    if (env.tenants.length < 2) throw new Error(`AB_PROBE_RATE > 0 needs at least 2 tenants (AB_TENANTS / AB_TENANT_COUNT), got ${env.tenants.length}`);
    out.probe = arrivalScenario('probe', env.probeRate, env.durationMs, SHORT_HOLD_MS, requests);
  }
  if (kinds.includes('stop') && env.stopRate > 0) {
    out.stop = arrivalScenario('stop', env.stopRate, env.durationMs, env.expectedE2eMs, follow);
  }
  if (kinds.includes('replay') && env.replayRate > 0 && env.replayJobs.length > 0) {
    const others = Object.keys(out);
    if (others.length === 0) {
      // Alone (the replay script): a closed model, one request at a time, so each measurement sees
      // the target doing nothing else — a 50k-event replay must not slow the 10k-event bar.
      out.replay = {
        executor: 'shared-iterations',
        exec: 'replay',
        vus: 1,
        iterations: env.replayRounds * env.replayJobs.length,
        maxDuration: msToK6(env.durationMs),
        gracefulStop: msToK6(3 * env.requestTimeoutMs),
      };
    } else {
      // Replaying a long job is heavy for the target; measured first and alone, it neither slows the
      // other endpoints' latencies nor is slowed by them. The other scenarios start after it.
      out.replay = arrivalScenario('replay', env.replayRate, env.replayDurationMs, REPLAY_HOLD_MS, 3 * env.requestTimeoutMs);
      const start = msToK6(env.replayDurationMs + PHASE_GAP_MS);
      for (const name of others) out[name] = { ...out[name]!, startTime: start };
    }
  }
  if (Object.keys(out).length === 0) throw new Error(`no scenario enabled: set a rate > 0 for one of ${kinds.join(', ')} (see load/lib/env.ts)`);
  return out;
}
