import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDurationMs } from '../../harness/args.ts';
import { UsageError } from '../../harness/errors.ts';
import { PROFILE_DIR, PROFILE_ENV_KEYS, RUN_SET_ENV, listProfiles, loadProfile, workloadEnv } from '../../harness/profile.ts';
import { targetConfigForProfile, withRunJwtKey } from '../../harness/stack-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'ab-profiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const smoke = JSON.parse(readFileSync(join(PROFILE_DIR, 'smoke.json'), 'utf8')) as Record<string, unknown>;

/** Writes a copy of smoke.json changed by `edit` as <name>.json and loads it; returns the error message. */
function broken(name: string, edit: (p: any) => void): string {
  const p = structuredClone(smoke) as any;
  p.name = name;
  edit(p);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(p));
  try {
    loadProfile(file);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    const msg = (err as Error).message;
    expect(msg).toContain(`${name}.json`);
    expect(msg.split('\n')).toHaveLength(1);
    return msg;
  }
  throw new Error(`${name}: loaded without error`);
}

describe('shipped profiles', () => {
  it('all five load and validate', () => {
    expect(listProfiles()).toEqual(expect.arrayContaining(['release', 'replay', 'smoke', 'soak', 'tenancy']));
    for (const name of ['smoke', 'release', 'replay', 'soak', 'tenancy']) {
      const p = loadProfile(name);
      expect(p.name).toBe(name);
      expect(p.stack.workers).toBeGreaterThanOrEqual(1);
    }
  });

  it('smoke fits in 60 s: load duration plus the longest follow', () => {
    const p = loadProfile('smoke');
    expect(parseDurationMs(p.env.AB_DURATION!, 'd') + parseDurationMs(p.env.AB_FOLLOW_TIMEOUT!, 'f')).toBeLessThanOrEqual(60_000);
  });

  it('release stays near 2 minutes and seeds the 10k-event job of the replay bar', () => {
    const p = loadProfile('release');
    expect(parseDurationMs(p.env.AB_DURATION!, 'd') + parseDurationMs(p.env.AB_FOLLOW_TIMEOUT!, 'f')).toBeLessThanOrEqual(90_000);
    expect(p.seed).toContainEqual({ jobs: 1, events: 10000, snapshot: false });
    expect(Number(p.env.AB_TENANT_COUNT)).toBeGreaterThanOrEqual(10);
  });

  it('replay seeds 1k/10k/50k with and without a snapshot; durations become ms in the stack config', () => {
    expect(loadProfile('replay').seed.map((s) => `${s.events}:${s.snapshot}`).sort()).toEqual(['10000:false', '10000:true', '1000:false', '1000:true', '50000:false', '50000:true']);
    expect(loadProfile('smoke').stack.config).toMatchObject({ leaseMs: 30_000, worker: { pollIntervalMs: 500, concurrency: 4 } });
  });

  it('workloadEnv adds what run knows, and a profile cannot set those keys', () => {
    const env = workloadEnv(loadProfile('smoke'), { baseUrl: 'http://127.0.0.1:1', runId: 'r1', summaryFile: '/tmp/s.json', duration: '5s', rate: 3 });
    expect(env).toMatchObject({ AB_BASE_URL: 'http://127.0.0.1:1', AB_RUN_ID: 'r1', AB_PROFILE: 'smoke', AB_DURATION: '5s', AB_SUBMIT_RATE: '3', AB_TENANTS: 'tenant-a,tenant-b' });
    for (const k of Object.keys(env)) expect([...PROFILE_ENV_KEYS, ...RUN_SET_ENV]).toContain(k);
  });
});

describe('malformed profiles are refused with file and JSON path', () => {
  it.each([
    ['unknown-top', (p: any) => (p.extra = 1), /\$\.extra: unknown key/],
    ['unknown-env', (p: any) => (p.env.AB_SUBMIT_RAET = 1), /\$\.env\.AB_SUBMIT_RAET: unknown key/],
    ['secret-env', (p: any) => (p.env.AB_TOKEN = 'x'), /\$\.env\.AB_TOKEN: is set by `run`/],
    ['bad-duration', (p: any) => (p.env.AB_DURATION = 'soon'), /\$\.env\.AB_DURATION: "soon" is not a duration/],
    ['bad-rate', (p: any) => (p.env.AB_SUBMIT_RATE = -1), /\$\.env\.AB_SUBMIT_RATE: must be a number/],
    ['bad-workers', (p: any) => (p.stack.workers = 0), /\$\.stack\.workers: must be a whole number in 1\.\.64/],
    ['bad-stack-key', (p: any) => (p.stack.config.worker.concurency = 4), /\$\.stack\.config: unknown key "worker\.concurency"/],
    ['bad-llm', (p: any) => (p.stack.config.llm.failureRate = 2), /\$\.stack\.config: llm\.failureRate: expected a number between 0 and 1/],
    ['bad-seed', (p: any) => (p.seed = [{ jobs: 1, events: 1, snapshot: false }]), /\$\.seed\[0\]\.events: must be a whole number/],
    ['bad-fault', (p: any) => (p.faults = [{ at: '10s', action: 'reboot' }]), /\$\.faults\[0\]\.action: must be one of kill-worker, restart-api, db-outage \(got "reboot"\)/],
    ['outage-no-for', (p: any) => (p.faults = [{ at: '10s', action: 'db-outage' }]), /\$\.faults\[0\]\.for: required for db-outage/],
    ['bad-contracts', (p: any) => (p.growthContracts = {}), /\$\.growthContracts: must be an array/],
    ['bad-script', (p: any) => (p.script = 'drill'), /\$\.script: "drill" is not a workload/],
    ['missing-grace', (p: any) => delete p.grace, /\$\.grace: is required/],
    ['wrong-name', (p: any) => (p.name = 'other'), /\$\.name: "other" must equal the file name "wrong-name"/],
  ])('%s', (name, edit, msg) => {
    expect(broken(name, edit)).toMatch(msg);
  });

  it('invalid JSON and unknown names', () => {
    const file = join(dir, 'notjson.json');
    writeFileSync(file, '{ "name": ');
    expect(() => loadProfile(file)).toThrow(/notjson\.json: not valid JSON/);
    expect(() => loadProfile('nosuch')).toThrow(/nosuch\.json: no such profile \(known: .*smoke/);
  });
});

describe('JWT on in a profile', () => {
  it('gets a fresh key per run that the profile never holds', () => {
    const profile = loadProfile('tenancy');
    expect(profile.stack.config).toMatchObject({ auth: { enabled: true } });
    expect(JSON.stringify(profile)).not.toContain('jwtKey');
    const a = targetConfigForProfile(profile);
    const b = targetConfigForProfile(profile);
    expect(a.auth.enabled).toBe(true);
    expect(a.auth.jwtKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b.auth.jwtKey).not.toBe(a.auth.jwtKey);
  });

  it('keeps a key the config sets and leaves auth-off configs alone', () => {
    const key = () => 'generated';
    expect(withRunJwtKey({ auth: { enabled: true, jwtKey: 'mine' } }, key)).toEqual({ auth: { enabled: true, jwtKey: 'mine' } });
    expect(withRunJwtKey({ auth: { enabled: true } }, key)).toEqual({ auth: { enabled: true, jwtKey: 'generated' } });
    expect(withRunJwtKey({ auth: { enabled: false } }, key)).toEqual({ auth: { enabled: false } });
    expect(withRunJwtKey({}, key)).toEqual({});
  });
});
