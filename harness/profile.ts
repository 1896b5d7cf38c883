/**
 * Profiles (profiles/<name>.json): what one run does — which k6 workload with which AB_* settings,
 * how the embedded stack is configured, what to seed, how often to sample Postgres, which growth
 * contracts and faults apply, and how long to wait for stragglers. Loaded strictly: an unknown key
 * or a bad value is a UsageError naming the file and the JSON path.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDurationMs } from './args.ts';
import { UsageError } from './errors.ts';
import { validateFaults, type FaultSpec } from './fault-spec.ts';
import { withRunJwtKey } from './stack-config.ts';
import { parseTargetConfig, type TargetConfig } from '../target/config.ts';

/** Folder holding the shipped profiles. */
export const PROFILE_DIR = fileURLToPath(new URL('../profiles/', import.meta.url));

/** The k6 workloads (load/scenarios/<script>.ts, bundled to dist/k6/<script>.js). */
export const SCRIPTS = ['release', 'replay', 'soak', 'tenancy'] as const;
export type ScriptName = (typeof SCRIPTS)[number];


/** How each AB_* variable a profile may set is validated (load/lib/env.ts documents them). */
const ENV_KINDS: Record<string, 'duration' | 'number' | 'count' | 'tenants' | 'text'> = {
  AB_TENANTS: 'tenants', AB_TENANT_COUNT: 'count', AB_AGENTS_PER_TENANT: 'count', AB_DURATION: 'duration',
  AB_SUBMIT_RATE: 'number', AB_READ_RATE: 'number', AB_PROBE_RATE: 'number', AB_STOP_RATE: 'number', AB_REPLAY_RATE: 'number',
  AB_REPLAY_TENANT: 'text', AB_REPLAY_DURATION: 'duration', AB_REPLAY_ROUNDS: 'count', AB_FOLLOW_TIMEOUT: 'duration', AB_FOLLOW_MAX_POLLS: 'count', AB_FOLLOW_MAX_INTERVAL: 'duration',
  AB_EXPECTED_E2E: 'duration', AB_MESSAGE_BYTES: 'count', AB_REQUEST_TIMEOUT: 'duration',
};
/** AB_* variables `run` sets itself; a profile may not (AB_TOKEN/AB_PASSWORD are secrets). */
export const RUN_SET_ENV = ['AB_BASE_URL', 'AB_TOKEN', 'AB_USER', 'AB_PASSWORD', 'AB_RUN_ID', 'AB_PROFILE', 'AB_REPLAY_JOBS', 'AB_SUMMARY_FILE'] as const;
/** Every AB_* variable a profile may set. */
export const PROFILE_ENV_KEYS = Object.keys(ENV_KINDS);

/** A partial target configuration: only the keys a profile sets (durations already in ms). */
export type TargetConfigInput = { [K in keyof TargetConfig]?: TargetConfig[K] extends object ? Partial<TargetConfig[K]> : TargetConfig[K] };

/** Embedded reference-target settings (ignored against a real --target): startStack({ workers, config }). */
export interface StackSettings {
  /** Worker processes. */
  workers: number;
  /** Overrides of the target's Aetheris defaults (target/config.ts: leaseMs, worker, llm, snapshots, gc, retention, knobs, …). */
  config: TargetConfigInput;
}

/** One seeding step before the load (lifecycle/seed.ts). */
export interface SeedSpec {
  jobs: number;
  events: number;
  snapshot: boolean;
  tenant?: string;
  payloadBytes?: number;
}


/** A growth contract (issue 5 owns its shape; kept as objects until then). */
export type GrowthContract = Record<string, unknown>;

/** A validated profile. */
export interface Profile {
  /** Same as the file name without .json. */
  name: string;
  description: string;
  script: ScriptName;
  /** AB_* settings for the workload, as strings (k6 __ENV). */
  env: Record<string, string>;
  stack: StackSettings;
  seed: SeedSpec[];
  sampler: { interval: string };
  growthContracts: GrowthContract[];
  faults: FaultSpec[];
  /** After the load stops, how long jobs may take to reach a terminal status (loss audit). */
  grace: string;
  /** Where it was loaded from. */
  file: string;
}

type Json = unknown;

class Checker {
  constructor(private readonly file: string) {}

  fail(path: string, msg: string): never {
    throw new UsageError(`${this.file}: ${path}: ${msg}`);
  }

  object(v: Json, path: string, keys: { required: string[]; optional?: string[] }): Record<string, Json> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'must be an object');
    const o = v as Record<string, Json>;
    const known = [...keys.required, ...(keys.optional ?? [])];
    for (const k of Object.keys(o)) if (!known.includes(k)) this.fail(`${path}.${k}`, `unknown key (known: ${known.join(', ')})`);
    for (const k of keys.required) if (!(k in o)) this.fail(`${path}.${k}`, 'is required');
    return o;
  }

  /** An object with any keys. */
  record(v: Json, path: string): Record<string, Json> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'must be an object');
    return v as Record<string, Json>;
  }

  string(v: Json, path: string, re?: RegExp): string {
    if (typeof v !== 'string' || v === '' || (re && !re.test(v))) this.fail(path, `must be a non-empty string${re ? ` matching ${re}` : ''} (got ${JSON.stringify(v)})`);
    return v;
  }

  number(v: Json, path: string, min: number, max = Infinity, integer = false): number {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      this.fail(path, `must be a ${integer ? 'whole ' : ''}number in ${min}..${max} (got ${JSON.stringify(v)})`);
    }
    return v;
  }

  boolean(v: Json, path: string): boolean {
    if (typeof v !== 'boolean') this.fail(path, `must be true or false (got ${JSON.stringify(v)})`);
    return v;
  }

  duration(v: Json, path: string): string {
    const s = this.string(v, path);
    try {
      parseDurationMs(s, path);
    } catch {
      this.fail(path, `"${s}" is not a duration (examples: 500ms, 30s, 2m, 1h30m)`);
    }
    return s;
  }

  array(v: Json, path: string): Json[] {
    if (!Array.isArray(v)) this.fail(path, 'must be an array');
    return v;
  }
}

// The target's own parser validates (every unknown key and bad value); the profile keeps only the
// keys it set, normalised (durations → ms), so the target's defaults stay the defaults.
function targetConfig(c: Checker, input: Json, file: string): TargetConfigInput {
  const raw = c.record(input, '$.stack.config');
  // `run` generates the JWT key of an auth-on profile (withRunJwtKey): validate as it will be.
  const full = parseTargetConfig(JSON.stringify(withRunJwtKey(raw as Record<string, unknown>, () => 'generated-per-run')), `${file}: $.stack.config`) as unknown as Record<string, Json>;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(raw)) {
    const value = full[k];
    const section = typeof v === 'object' && v !== null && !Array.isArray(v) && typeof value === 'object' && value !== null;
    out[k] = section ? Object.fromEntries(Object.keys(v).map((sub) => [sub, (value as Record<string, Json>)[sub]])) : value;
  }
  return out as TargetConfigInput;
}

function envValue(c: Checker, key: string, v: Json, path: string): string {
  const text = typeof v === 'number' || typeof v === 'boolean' ? String(v) : c.string(v, path);
  const kind = ENV_KINDS[key]!;
  if (kind === 'duration') c.duration(text, path);
  if (kind === 'number') c.number(Number(text), path, 0);
  if (kind === 'count') c.number(Number(text), path, 1, Infinity, true);
  if (kind === 'tenants') {
    const list = text.split(',').map((t) => t.trim());
    if (list.some((t) => t === '') || new Set(list).size !== list.length) c.fail(path, `"${text}" must be distinct non-empty tenant ids, comma-separated`);
  }
  return text;
}

/** Validates parsed JSON as a profile; `file` names it in errors and `name` must match its name field. */
export function parseProfile(json: Json, file: string, name: string): Profile {
  const c = new Checker(file);
  const o = c.object(json, '$', { required: ['name', 'description', 'script', 'env', 'stack', 'seed', 'sampler', 'growthContracts', 'faults', 'grace'], optional: ['$comment'] });
  const pname = c.string(o.name, '$.name', /^[a-z0-9][a-z0-9-]*$/);
  if (pname !== name) c.fail('$.name', `"${pname}" must equal the file name "${name}"`);
  const script = c.string(o.script, '$.script');
  if (!(SCRIPTS as readonly string[]).includes(script)) c.fail('$.script', `"${script}" is not a workload (known: ${SCRIPTS.join(', ')})`);

  const envIn = c.object(o.env, '$.env', { required: [], optional: [...PROFILE_ENV_KEYS, ...RUN_SET_ENV] });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(envIn)) {
    if ((RUN_SET_ENV as readonly string[]).includes(k)) c.fail(`$.env.${k}`, 'is set by `run` (flags and the run directory), not by a profile');
    env[k] = envValue(c, k, v, `$.env.${k}`);
  }
  if (env.AB_TENANTS !== undefined && env.AB_TENANT_COUNT !== undefined) c.fail('$.env', 'set AB_TENANTS or AB_TENANT_COUNT, not both');

  const s = c.object(o.stack, '$.stack', { required: ['workers', 'config'] });
  const stack: StackSettings = { workers: c.number(s.workers, '$.stack.workers', 1, 64, true), config: targetConfig(c, s.config, file) };

  const seed = c.array(o.seed, '$.seed').map((item, i): SeedSpec => {
    const p = `$.seed[${i}]`;
    const e = c.object(item, p, { required: ['jobs', 'events', 'snapshot'], optional: ['tenant', 'payloadBytes'] });
    return {
      jobs: c.number(e.jobs, `${p}.jobs`, 1, 10_000_000, true),
      events: c.number(e.events, `${p}.events`, 2, 100_000_000, true),
      snapshot: c.boolean(e.snapshot, `${p}.snapshot`),
      ...(e.tenant !== undefined ? { tenant: c.string(e.tenant, `${p}.tenant`, /^[A-Za-z0-9._-]{1,128}$/) } : {}),
      ...(e.payloadBytes !== undefined ? { payloadBytes: c.number(e.payloadBytes, `${p}.payloadBytes`, 1, 1_000_000, true) } : {}),
    };
  });
  if (script === 'replay' && seed.length === 0) c.fail('$.seed', 'the replay workload needs at least one seeded job');

  const sampler = c.object(o.sampler, '$.sampler', { required: ['interval'] });
  const growthContracts = c.array(o.growthContracts, '$.growthContracts').map((g, i) => c.record(g, `$.growthContracts[${i}]`));
  // One validator for faults (harness/fault-spec.ts); the profile keeps them as written, in time order.
  const faults: FaultSpec[] = validateFaults(o.faults, file).map(({ at, action, for: f }) => (f === undefined ? { at, action } : { at, action, for: f }));
  return {
    name: pname,
    description: c.string(o.description, '$.description'),
    script: script as ScriptName,
    env,
    stack,
    seed,
    sampler: { interval: c.duration(sampler.interval, '$.sampler.interval') },
    growthContracts,
    faults,
    grace: c.duration(o.grace, '$.grace'),
    file,
  };
}

/** Loads a profile by name (profiles/<name>.json) or by path to a .json file. */
export function loadProfile(nameOrPath: string, dir = PROFILE_DIR): Profile {
  const isPath = nameOrPath.endsWith('.json') || nameOrPath.includes('/');
  const path = isPath ? nameOrPath : `${dir}/${nameOrPath}.json`;
  const shown = relative(process.cwd(), path) || path;
  if (!existsSync(path)) {
    throw new UsageError(`${shown}: no such profile${isPath ? '' : ` (known: ${listProfiles(dir).join(', ')})`}`);
  }
  let json: Json;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`${shown}: not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseProfile(json, shown, basename(path, '.json'));
}

/** Names of the shipped profiles. */
export function listProfiles(dir = PROFILE_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => basename(f, '.json')).sort();
}

/** What `run` knows only at run time, merged over the profile's env. */
export interface RunEnv {
  baseUrl: string;
  runId: string;
  summaryFile: string;
  /** From lifecycle/seed.ts replayJobsEnv, when the profile seeds. */
  replayJobs?: string;
  /** `--duration` override (k6 duration). */
  duration?: string;
  /** `--rate` override: submitted jobs per second. */
  rate?: number;
  /** Secrets: passed to the load process's environment only, never written anywhere. */
  token?: string;
  user?: string;
  password?: string;
}

/** The complete AB_* environment for the workload of `profile` in one run. */
export function workloadEnv(profile: Profile, run: RunEnv): Record<string, string> {
  const env: Record<string, string> = { ...profile.env, AB_BASE_URL: run.baseUrl, AB_RUN_ID: run.runId, AB_PROFILE: profile.name, AB_SUMMARY_FILE: run.summaryFile };
  if (run.replayJobs) env.AB_REPLAY_JOBS = run.replayJobs;
  if (run.duration) env.AB_DURATION = run.duration;
  if (run.rate !== undefined) env.AB_SUBMIT_RATE = String(run.rate);
  if (run.token) env.AB_TOKEN = run.token;
  if (run.user) env.AB_USER = run.user;
  if (run.password) env.AB_PASSWORD = run.password;
  return env;
}
