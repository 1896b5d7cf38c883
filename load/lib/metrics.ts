/**
 * The workloads' custom metrics, defined once in the init context of every script that imports
 * this module (k6 refuses thresholds on metrics that do not exist after init, so every script
 * defines all of them, even those it never feeds).
 */
import { Counter, Rate, Trend } from 'k6/metrics';

/** Submit → terminal status observed by polling, per completed/failed/cancelled job (ms). */
export const jobE2eDuration = new Trend('job_e2e_duration', true);
/** Jobs the API accepted with 202 (every scenario that submits). */
export const jobsAccepted = new Counter('jobs_accepted');
/** Followed jobs that reached `completed`. */
export const jobsCompleted = new Counter('jobs_completed');
/** Followed jobs that reached `failed` or `cancelled` without the workload asking for it. */
export const jobsFailed = new Counter('jobs_failed');
/** Followed jobs still not terminal when the follow budget (time or polls) ran out. */
export const jobsTimedOut = new Counter('jobs_timed_out');
/** 1 per followed job that completed, 0 per one that failed, was cancelled or timed out. */
export const jobCompletion = new Rate('job_completion');
/** Agents re-created because the API answered 404 for a known agent (it lost its memory). */
export const agentsRecreated = new Counter('agents_recreated');
/** GET /api/jobs/:id/replay duration (ms), tagged `events` and `snapshot` for seeded jobs. */
export const replayDuration = new Trend('replay_duration', true);
/** Answers that exposed (or acted on) another tenant's job. Must stay 0. */
export const tenantIsolationViolations = new Counter('tenant_isolation_violations');
/**
 * Finding of contract §2.1, reported apart from violations: a token issued for tenant `default`
 * plus an X-Tenant-ID header reads that tenant's job (the header overrides the token).
 */
export const tenantHeaderOverrides = new Counter('tenant_header_overrides_token');
/** Jobs the stop scenario cancelled on purpose (kept out of job_completion). */
export const jobsStopped = new Counter('jobs_stopped');

/** Names of every custom metric above (thresholds.ts keeps only table entries a script can feed). */
export const CUSTOM_METRICS = [
  'job_e2e_duration', 'jobs_accepted', 'jobs_completed', 'jobs_failed', 'jobs_timed_out', 'job_completion',
  'agents_recreated', 'replay_duration', 'tenant_isolation_violations', 'tenant_header_overrides_token', 'jobs_stopped',
] as const;
