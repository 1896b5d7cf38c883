import { UsageError } from '../harness/errors.ts';
import { parseDurationMs } from '../harness/args.ts';

/** Simulated `llm` node of the rule planner's one-node plan (contract §8.3). */
export interface LlmConfig {
  /** Fixed latency of one LLM call. */
  latencyMs: number;
  /** Extra latency drawn uniformly from [0, jitterMs). */
  jitterMs: number;
  /** Probability in [0, 1] that a call fails (the attempt then fails and is retried after the lease). */
  failureRate: number;
}

/** Fault knobs: ways to make the target misbehave on purpose so drills can prove the harness notices. */
export interface TargetKnobs {
  /** Added latency per route, keyed by "METHOD /pattern", e.g. {"GET /api/jobs/:id": 50}. */
  routeLatencyMs: Record<string, number>;
  /** Extra bytes of padding added to every event payload (0 = Aetheris's own payloads). */
  payloadBytes: number;
  /** Skip the tenant check on job reads: cross-tenant reads succeed instead of 404. */
  tenantLeak: boolean;
  /** Write rows per job into `job_audit_leak`, a table nothing ever cleans. */
  storageLeak: boolean;
  /** A job whose worker dies is dropped: once its claim expires it is deleted with its events, never retried (so the loss audit has something to find). */
  dropInflightOnWorkerDeath: boolean;
}

/** Everything the reference target can be told; defaults are Aetheris's (contract §8.2, §10.3). */
export interface TargetConfig {
  auth: { enabled: boolean; jwtKey: string; jwtTimeoutMs: number };
  /** jobstore.lease_duration. */
  leaseMs: number;
  worker: {
    pollIntervalMs: number;
    concurrency: number;
    maxAttempts: number;
    /** How long a worker waits for `plan_generated` before failing the attempt. */
    planWaitMs: number;
    /** How often a running job checks `cancel_requested_at`. */
    cancelPollMs: number;
    /** How long SIGTERM waits for in-flight jobs. */
    shutdownGraceMs: number;
  };
  llm: LlmConfig;
  snapshots: { enabled: boolean; eventThreshold: number; periodMs: number; topN: number };
  gc: { enabled: boolean; ttlDays: number; batch: number; periodMs: number };
  /** Beyond Aetheris (which deletes nothing): off by default. */
  retention: { enabled: boolean; windowMs: number; periodMs: number; batch: number };
  /** Postgres connections per process. */
  poolSize: number;
  /**
   * Messages of an agent's session kept in the agent_states upsert of every submit. 0 = all, like
   * Aetheris, whose row grows with every message to the same agent (a hazard the soak profile can
   * show; it makes submit cost grow with the agent's history). Set it to keep the target flat.
   */
  agentStateMaxMessages: number;
  knobs: TargetKnobs;
}

const HOUR = 3_600_000;

/** Aetheris defaults: configs/api.yaml + configs/worker.yaml + the hardcoded lifecycle constants. */
export const DEFAULT_TARGET_CONFIG: TargetConfig = Object.freeze({
  auth: { enabled: false, jwtKey: '', jwtTimeoutMs: HOUR },
  leaseMs: 30_000,
  worker: { pollIntervalMs: 2000, concurrency: 4, maxAttempts: 3, planWaitMs: 20_000, cancelPollMs: 500, shutdownGraceMs: 30_000 },
  llm: { latencyMs: 0, jitterMs: 0, failureRate: 0 },
  snapshots: { enabled: true, eventThreshold: 1000, periodMs: HOUR, topN: 50 },
  gc: { enabled: true, ttlDays: 90, batch: 1000, periodMs: 24 * HOUR },
  retention: { enabled: false, windowMs: 90 * 24 * HOUR, periodMs: 24 * HOUR, batch: 500 },
  poolSize: 10,
  agentStateMaxMessages: 0,
  knobs: { routeLatencyMs: {}, payloadBytes: 0, tenantLeak: false, storageLeak: false, dropInflightOnWorkerDeath: false },
}) as TargetConfig;

type Kind = 'bool' | 'string' | 'ms' | 'int' | 'posint' | 'rate' | 'routeMap';

// One entry per leaf: the parser walks this table, so an unknown key or a wrong type is always caught.
const SHAPE: Record<string, Record<string, Kind> | Kind> = {
  auth: { enabled: 'bool', jwtKey: 'string', jwtTimeoutMs: 'ms' },
  leaseMs: 'ms',
  worker: { pollIntervalMs: 'ms', concurrency: 'posint', maxAttempts: 'posint', planWaitMs: 'ms', cancelPollMs: 'ms', shutdownGraceMs: 'ms' },
  llm: { latencyMs: 'ms', jitterMs: 'ms', failureRate: 'rate' },
  snapshots: { enabled: 'bool', eventThreshold: 'posint', periodMs: 'ms', topN: 'posint' },
  gc: { enabled: 'bool', ttlDays: 'int', batch: 'posint', periodMs: 'ms' },
  retention: { enabled: 'bool', windowMs: 'ms', periodMs: 'ms', batch: 'posint' },
  poolSize: 'posint',
  agentStateMaxMessages: 'int',
  knobs: { routeLatencyMs: 'routeMap', payloadBytes: 'int', tenantLeak: 'bool', storageLeak: 'bool', dropInflightOnWorkerDeath: 'bool' },
};

function leaf(kind: Kind, value: unknown, path: string, errors: string[]): unknown {
  const bad = (want: string) => {
    errors.push(`${path}: expected ${want}, got ${JSON.stringify(value)}`);
    return undefined;
  };
  switch (kind) {
    case 'bool':
      return typeof value === 'boolean' ? value : bad('true or false');
    case 'string':
      return typeof value === 'string' ? value : bad('a string');
    case 'ms':
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
      if (typeof value === 'string') {
        try {
          return parseDurationMs(value, path);
        } catch {
          return bad('milliseconds or a duration like "30s"');
        }
      }
      return bad('milliseconds or a duration like "30s"');
    case 'int':
      return Number.isInteger(value) && (value as number) >= 0 ? value : bad('a whole number >= 0');
    case 'posint':
      return Number.isInteger(value) && (value as number) > 0 ? value : bad('a whole number > 0');
    case 'rate':
      return typeof value === 'number' && value >= 0 && value <= 1 ? value : bad('a number between 0 and 1');
    case 'routeMap': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('an object of "METHOD /route": ms');
      const out: Record<string, number> = {};
      for (const [route, ms] of Object.entries(value)) {
        if (!/^(GET|POST|PUT|DELETE|OPTIONS) \/\S*$/.test(route)) errors.push(`${path}: key "${route}" is not "METHOD /route"`);
        else if (typeof ms !== 'number' || !(ms >= 0)) errors.push(`${path}["${route}"]: expected milliseconds >= 0`);
        else out[route] = ms;
      }
      return out;
    }
  }
}

/**
 * Parses a TargetConfig from JSON text, filling in Aetheris defaults for absent keys.
 * Every problem (unknown key, wrong type) is reported at once in one UsageError line naming `where`.
 */
export function parseTargetConfig(json: string, where: string): TargetConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new UsageError(`${where}: not valid JSON (${(err as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError(`${where}: expected a JSON object`);
  const errors: string[] = [];
  const out = structuredClone(DEFAULT_TARGET_CONFIG) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(raw)) {
    const shape = SHAPE[key];
    if (shape === undefined) {
      errors.push(`unknown key "${key}"`);
    } else if (typeof shape === 'string') {
      const v = leaf(shape, value, key, errors);
      if (v !== undefined) out[key] = v;
    } else if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push(`${key}: expected an object`);
    } else {
      const section = out[key] as Record<string, unknown>;
      for (const [sub, subValue] of Object.entries(value)) {
        const kind = shape[sub];
        if (!kind) {
          errors.push(`unknown key "${key}.${sub}"`);
          continue;
        }
        const v = leaf(kind, subValue, `${key}.${sub}`, errors);
        if (v !== undefined) section[sub] = v;
      }
    }
  }
  const cfg = out as unknown as TargetConfig;
  if (cfg.auth.enabled && !cfg.auth.jwtKey) errors.push('auth.enabled is true but auth.jwtKey is empty (Aetheris then leaves JWT off; set both)');
  if (errors.length > 0) throw new UsageError(`${where}: ${errors.join('; ')}`);
  return cfg;
}

/** Reads AETHERIS_TARGET_CONFIG (JSON) from the environment, or returns the defaults. */
export function targetConfigFromEnv(env: NodeJS.ProcessEnv = process.env): TargetConfig {
  const json = env.AETHERIS_TARGET_CONFIG;
  if (!json || !json.trim()) return structuredClone(DEFAULT_TARGET_CONFIG);
  return parseTargetConfig(json, 'AETHERIS_TARGET_CONFIG');
}

/** A Postgres URL with its password replaced, safe for logs. */
export function redactDsn(dsn: string): string {
  return dsn.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
