/**
 * Every environment variable the workload scripts read, in one place. A profile (profiles/*.json,
 * `env`) or `k6 run -e K=V` / `aetheris-bench exec --env K=V` sets them; nothing else in load/
 * reads __ENV. Values are strings (k6 semantics); a bad value throws at init with the variable's name.
 *
 * | variable                 | default                 | meaning |
 * |--------------------------|-------------------------|---------|
 * | AB_BASE_URL              | http://127.0.0.1:8080   | Aetheris API base URL (no trailing slash needed) |
 * | AB_TOKEN                 | (none)                  | bearer token; when set, setup() does not log in. Never logged. |
 * | AB_USER / AB_PASSWORD    | admin / admin           | credentials for POST /api/login when no token is given (404 = auth off → no token) |
 * | AB_RUN_ID                | generated in setup()    | run id; part of every Idempotency-Key (see idempotency.ts) so the loss audit finds this run's rows |
 * | AB_PROFILE               | (none)                  | profile name; selects `profiles.<name>` of baselines/thresholds.json on top of `defaults` |
 * | AB_TENANTS               | default                 | comma list of tenant ids sent as X-Tenant-ID (tenancy needs ≥ 2, the issue asks ≥ 10) |
 * | AB_TENANT_COUNT          | (none)                  | alternative to AB_TENANTS: n tenants named tenant-01 … tenant-n |
 * | AB_AGENTS_PER_TENANT     | 1                       | agents created per tenant in setup(); each is used by its tenant only |
 * | AB_DURATION              | 60s                     | how long every arrival-rate scenario starts iterations |
 * | AB_SUBMIT_RATE           | 1                       | submitted jobs per second (fractions allowed); 0 disables the submit scenario |
 * | AB_READ_RATE             | 2                       | read iterations per second (list → GET job → GET events); 0 disables |
 * | AB_PROBE_RATE            | 0                       | tenancy iterations per second (own submit/read + cross-tenant probes); 0 disables |
 * | AB_STOP_RATE             | 0                       | iterations per second that submit a job and POST /stop it; 0 disables |
 * | AB_REPLAY_RATE           | 1                       | replay iterations per second (needs AB_REPLAY_JOBS) |
 * | AB_REPLAY_JOBS           | (none)                  | seeded jobs: comma list of `<job_id>:<events>:<0|1 snapshot>[:<tenant>]` (lifecycle/seed.ts replayJobsEnv) |
 * | AB_REPLAY_TENANT         | default                 | tenant of seeded jobs listed without one (X-Tenant-ID of their replay requests) |
 * | AB_REPLAY_DURATION       | 10s                     | in a mixed script (release): length of the replay phase, which runs first, alone |
 * | AB_REPLAY_ROUNDS         | 5                       | replay script: each seeded job is read this many times, one request at a time (AB_DURATION caps it) |
 * | AB_FOLLOW_TIMEOUT        | 30s                     | longest time one accepted job is polled before it counts as timed out |
 * | AB_FOLLOW_MAX_POLLS      | 60                      | most GET /api/jobs/:id polls for one job |
 * | AB_FOLLOW_MAX_INTERVAL   | 1s                      | polling backs off from 200 ms by ×1.5 up to this interval |
 * | AB_EXPECTED_E2E          | 5s                      | typical submit→terminal time; sizes preAllocatedVUs (rate × this) |
 * | AB_MESSAGE_BYTES         | 64                      | approximate length of each submitted message |
 * | AB_REQUEST_TIMEOUT       | 10s                     | per-request timeout |
 * | AB_SUMMARY_FILE          | (none)                  | handleSummary writes k6's summary data object (JSON) to this path |
 */
import { durationMs } from './duration.ts';

function raw(name: string): string | undefined {
  const v = __ENV[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function num(name: string, dflt: number, { min = 0, integer = false } = {}): number {
  const v = raw(name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new Error(`${name}: "${v}" is not a ${integer ? 'whole ' : ''}number ≥ ${min}`);
  }
  return n;
}

function dur(name: string, dflt: string): number {
  return durationMs(raw(name) ?? dflt, name);
}

function tenants(): string[] {
  const list = raw('AB_TENANTS');
  const count = raw('AB_TENANT_COUNT');
  if (list && count) throw new Error('AB_TENANTS and AB_TENANT_COUNT: set one, not both');
  if (count) {
    const n = num('AB_TENANT_COUNT', 1, { min: 1, integer: true });
    return Array.from({ length: n }, (_, i) => `tenant-${String(i + 1).padStart(2, '0')}`);
  }
  const out = (list ?? 'default').split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (out.length === 0 || new Set(out).size !== out.length) throw new Error(`AB_TENANTS: "${list}" must be distinct non-empty tenant ids`);
  return out;
}

/** One seeded job the replay scenario reads. */
export interface ReplayJob {
  id: string;
  events: number;
  snapshot: boolean;
  tenant: string;
}

function replayJobs(defaultTenant: string): ReplayJob[] {
  const v = raw('AB_REPLAY_JOBS');
  if (!v) return [];
  return v.split(',').map((item) => {
    const m = /^([^:\s]+):(\d+):([01])(?::([A-Za-z0-9._-]+))?$/.exec(item.trim());
    if (!m) throw new Error(`AB_REPLAY_JOBS: "${item}" is not <job_id>:<events>:<0|1>[:<tenant>]`);
    return { id: m[1]!, events: Number(m[2]), snapshot: m[3] === '1', tenant: m[4] ?? defaultTenant };
  });
}

/** The validated workload settings, read once per VU at init. */
export interface WorkloadEnv {
  baseUrl: string;
  token?: string;
  user: string;
  password: string;
  runId?: string;
  profile?: string;
  tenants: string[];
  agentsPerTenant: number;
  durationMs: number;
  submitRate: number;
  readRate: number;
  probeRate: number;
  stopRate: number;
  replayRate: number;
  replayJobs: ReplayJob[];
  replayDurationMs: number;
  replayRounds: number;
  followTimeoutMs: number;
  followMaxPolls: number;
  followMaxIntervalMs: number;
  expectedE2eMs: number;
  messageBytes: number;
  requestTimeoutMs: number;
  summaryFile?: string;
}

/** Reads and validates every AB_* variable (see the table above). */
export function readEnv(): WorkloadEnv {
  const runId = raw('AB_RUN_ID');
  if (runId !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(runId)) {
    throw new Error(`AB_RUN_ID: "${runId}" must be 1–64 of [A-Za-z0-9._-], starting with a letter or digit`);
  }
  return {
    baseUrl: (raw('AB_BASE_URL') ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''),
    token: raw('AB_TOKEN'),
    user: raw('AB_USER') ?? 'admin',
    password: raw('AB_PASSWORD') ?? 'admin',
    runId,
    profile: raw('AB_PROFILE'),
    tenants: tenants(),
    agentsPerTenant: num('AB_AGENTS_PER_TENANT', 1, { min: 1, integer: true }),
    durationMs: dur('AB_DURATION', '60s'),
    submitRate: num('AB_SUBMIT_RATE', 1),
    readRate: num('AB_READ_RATE', 2),
    probeRate: num('AB_PROBE_RATE', 0),
    stopRate: num('AB_STOP_RATE', 0),
    replayRate: num('AB_REPLAY_RATE', 1),
    replayJobs: replayJobs(raw('AB_REPLAY_TENANT') ?? 'default'),
    replayDurationMs: dur('AB_REPLAY_DURATION', '10s'),
    replayRounds: num('AB_REPLAY_ROUNDS', 5, { min: 1, integer: true }),
    followTimeoutMs: dur('AB_FOLLOW_TIMEOUT', '30s'),
    followMaxPolls: num('AB_FOLLOW_MAX_POLLS', 60, { min: 1, integer: true }),
    followMaxIntervalMs: dur('AB_FOLLOW_MAX_INTERVAL', '1s'),
    expectedE2eMs: dur('AB_EXPECTED_E2E', '5s'),
    messageBytes: num('AB_MESSAGE_BYTES', 64, { min: 1, integer: true }),
    requestTimeoutMs: dur('AB_REQUEST_TIMEOUT', '10s'),
    summaryFile: raw('AB_SUMMARY_FILE'),
  };
}
