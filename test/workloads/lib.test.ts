import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The k6-side helpers without k6 runtime imports, bundled exactly as the k6 bundles inline them
// (thresholds.json included) and loaded in Node: env parsing, scenario sizing, thresholds.
const LIB = fileURLToPath(new URL('../../load/lib/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ab-lib-'));
type Lib = {
  readEnv(): Record<string, unknown> & { tenants: string[]; replayJobs: unknown[] };
  buildScenarios(env: unknown, kinds: string[]): Record<string, Record<string, unknown>>;
  arrival(r: number): { rate: number; timeUnit: string };
  thresholdsFor(profile: string | undefined, feeds: string[]): Record<string, string[]>;
};
let lib: Lib;
const g = globalThis as unknown as { __ENV: Record<string, string> };

beforeAll(async () => {
  const out = join(dir, 'lib.mjs');
  await esbuild.build({
    stdin: { contents: "export * from './env.ts'; export * from './workload.ts'; export * from './scenarios.ts'; export * from './thresholds.ts';", resolveDir: LIB, loader: 'ts' },
    bundle: true, format: 'esm', platform: 'neutral', outfile: out, logLevel: 'silent',
  });
  lib = (await import(pathToFileURL(out).href)) as Lib;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('workload env', () => {
  it('reads defaults and validates each variable by name', () => {
    g.__ENV = {};
    expect(lib.readEnv()).toMatchObject({ baseUrl: 'http://127.0.0.1:8080', tenants: ['default'], submitRate: 1, followTimeoutMs: 30_000 });
    g.__ENV = { AB_TENANT_COUNT: '3', AB_BASE_URL: 'http://127.0.0.1:9/', AB_REPLAY_JOBS: 'seed-a-0:10000:1,seed-a-1:1000:0:tenant-q' };
    const env = lib.readEnv();
    expect(env.tenants).toEqual(['tenant-01', 'tenant-02', 'tenant-03']);
    expect(env.baseUrl).toBe('http://127.0.0.1:9');
    expect(env.replayJobs).toEqual([
      { id: 'seed-a-0', events: 10000, snapshot: true, tenant: 'default' },
      { id: 'seed-a-1', events: 1000, snapshot: false, tenant: 'tenant-q' },
    ]);
    for (const [k, v, msg] of [
      ['AB_SUBMIT_RATE', 'fast', /AB_SUBMIT_RATE/], ['AB_DURATION', 'soon', /AB_DURATION/], ['AB_RUN_ID', 'a b', /AB_RUN_ID/],
      ['AB_REPLAY_JOBS', 'x:y', /AB_REPLAY_JOBS/], ['AB_TENANTS', 'a,a', /AB_TENANTS/],
    ] as const) {
      g.__ENV = { [k]: v };
      expect(() => lib.readEnv(), k).toThrow(msg);
    }
  });

  it('documents every variable it reads in the env.ts table', () => {
    const src = readFileSync(join(LIB, 'env.ts'), 'utf8');
    const read = new Set([...src.matchAll(/(?:raw|num|dur)\('(AB_[A-Z0-9_]+)'/g)].map((m) => m[1]));
    const documented = new Set([...src.matchAll(/^ \* \| (AB_[A-Z0-9_]+)(?: \/ (AB_[A-Z0-9_]+))?/gm)].flatMap((m) => [m[1], m[2]]).filter(Boolean));
    expect([...read].sort()).toEqual([...documented].sort());
    // Only env.ts reads __ENV.
    for (const f of readdirSync(LIB).filter((x) => x !== 'env.ts')) expect(readFileSync(join(LIB, f), 'utf8'), f).not.toContain('__ENV');
  });
});

describe('scenario sizing', () => {
  it('turns fractional rates into k6 integer rates per time unit', () => {
    expect(lib.arrival(2)).toEqual({ rate: 2, timeUnit: '1s' });
    expect(lib.arrival(0.5)).toEqual({ rate: 30, timeUnit: '1m' });
    expect(lib.arrival(0.05)).toEqual({ rate: 3, timeUnit: '1m' });
    expect(lib.arrival(0.001)).toEqual({ rate: 4, timeUnit: '1h' });
  });

  it('sizes submit VUs from rate × follow time and drops scenarios with rate 0', () => {
    g.__ENV = { AB_SUBMIT_RATE: '2', AB_READ_RATE: '0', AB_FOLLOW_TIMEOUT: '20s', AB_REQUEST_TIMEOUT: '5s', AB_EXPECTED_E2E: '4s', AB_DURATION: '1m' };
    const s = lib.buildScenarios(lib.readEnv(), ['submit', 'read', 'probe', 'replay']);
    expect(Object.keys(s)).toEqual(['submit']);
    // 2/s × 4 s typical + 1 pre-allocated; 2/s × (20 s follow + 5 s request) + 2 at most; stop grace covers one follow.
    expect(s.submit).toMatchObject({ executor: 'constant-arrival-rate', exec: 'submit', rate: 2, timeUnit: '1s', duration: '60000ms', preAllocatedVUs: 9, maxVUs: 52, gracefulStop: '30000ms' });
  });

  it('runs the replay phase first and alone when a script mixes it with other scenarios', () => {
    g.__ENV = { AB_SUBMIT_RATE: '1', AB_READ_RATE: '0', AB_REPLAY_RATE: '0.5', AB_REPLAY_DURATION: '20s', AB_REPLAY_JOBS: 'seed-a-0:10000:0', AB_DURATION: '60s' };
    const s = lib.buildScenarios(lib.readEnv(), ['submit', 'replay']);
    expect(s.replay).toMatchObject({ duration: '20000ms', rate: 30, timeUnit: '1m' });
    expect(s.replay!.startTime).toBeUndefined();
    expect(s.submit).toMatchObject({ duration: '60000ms', startTime: '22000ms' });
    // Alone (the replay script): one VU, each seeded job AB_REPLAY_ROUNDS times, capped by AB_DURATION.
    expect(lib.buildScenarios(lib.readEnv(), ['replay']).replay).toMatchObject({ executor: 'shared-iterations', vus: 1, iterations: 5, maxDuration: '60000ms' });
  });

  it('refuses a probe scenario with one tenant and a script with nothing enabled', () => {
    g.__ENV = { AB_PROBE_RATE: '1' };
    expect(() => lib.buildScenarios(lib.readEnv(), ['probe'])).toThrow(/at least 2 tenants/);
    g.__ENV = { AB_SUBMIT_RATE: '0' };
    expect(() => lib.buildScenarios(lib.readEnv(), ['submit'])).toThrow(/no scenario enabled/);
  });
});

describe('thresholds from baselines/thresholds.json', () => {
  const table = JSON.parse(readFileSync(new URL('../../baselines/thresholds.json', import.meta.url), 'utf8')) as {
    defaults: Record<string, { thresholds: string[] }>;
    profiles: Record<string, Record<string, { thresholds: string[] }>>;
  };

  it('merges defaults with the profile section', () => {
    const all = [...Object.keys(table.defaults), ...Object.keys(table.profiles.release ?? {})];
    const t = lib.thresholdsFor('release', ['http_req_duration', 'jobs_completed', 'job_completion', 'tenant_isolation_violations', 'replay_duration']);
    expect(Object.keys(t).sort()).toEqual([...new Set(all)].sort());
    expect(t['http_req_duration{endpoint:post_message}']).toEqual(table.defaults['http_req_duration{endpoint:post_message}']!.thresholds);
    expect(lib.thresholdsFor('smoke', ['replay_duration'])).toEqual({});
  });

  it('keeps only metrics the script feeds', () => {
    expect(Object.keys(lib.thresholdsFor('replay', ['replay_duration']))).toEqual(['replay_duration{events:10000}']);
  });

  it('no script or helper writes a threshold number itself', () => {
    for (const sub of ['scenarios', 'lib']) {
      const folder = fileURLToPath(new URL(`../../load/${sub}/`, import.meta.url));
      for (const f of readdirSync(folder)) {
        const src = readFileSync(join(folder, f), 'utf8');
        // Threshold expressions only ever appear as string literals ("p(95)<=500").
        expect(src, f).not.toMatch(/['"`]\s*(p\(\d+(\.\d+)?\)|rate|count|avg|med|max|min|value)\s*(<=?|>=?|===?|!=)\s*\d/);
      }
    }
  });
});
