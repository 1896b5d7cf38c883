import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readResult } from '../../analysis/result/result-file.ts';
import { dumpDom } from './chromium.ts';

const BIN = fileURLToPath(new URL('../../bin/aetheris-bench.mjs', import.meta.url));
const PROFILE = fileURLToPath(new URL('./profiles/e2e-gate.json', import.meta.url));

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 240_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

// npm start's path (gate on the embedded stack) with a short profile: one real run, then the
// files and verdicts it produced are checked from several angles.
describe('gate on the embedded stack, end to end', () => {
  let work = '';
  let runDir = '';
  let gate: ReturnType<typeof cli>;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ab-e2e-'));
    gate = cli(['gate', '--profile', PROFILE, '--out', join(work, 'runs'), '--runtime', 'engine'], work, { AETHERIS_TOKEN: 'tok-secret-e2e-123' });
    const runs = readdirSync(join(work, 'runs'));
    expect(runs).toHaveLength(1);
    runDir = join(work, 'runs', runs[0]!);
  }, 300_000);

  it('passes with one verdict line and the report paths', () => {
    expect(gate.stderr).not.toMatch(/internal error/);
    expect(gate.code, gate.stdout + gate.stderr).toBe(0);
    expect(gate.stdout).toMatch(/^PASS \(\d{8}-\d{6}-e2e-gate\): \d+ check\(s\) passed/m);
    expect(gate.stdout).toContain('no stored baseline for this profile: judged by the threshold table alone');
    expect(gate.stdout).toMatch(/reports: .*report\.md .*report\.html .*junit\.xml/);
  });

  it('writes every file of the run directory', () => {
    for (const f of ['manifest.json', 'summary.json', 'timeseries.ndjson', 'samples.csv', 'observability.ndjson', 'audit.json', 'result.json', 'verdict.json', 'report.md', 'report.html', 'junit.xml']) {
      expect(existsSync(join(runDir, f)), f).toBe(true);
    }
  });

  it('measures every endpoint, completes every job and finds them all in Postgres', () => {
    const result = readResult(join(runDir, 'result.json'));
    for (const endpoint of ['post_message', 'get_job', 'get_events', 'replay', 'trace', 'list_jobs']) {
      expect(result.metrics[`http_req_duration{endpoint:${endpoint}}`]?.values.count ?? result.tagSets.filter((t) => t.metric === 'http_req_duration' && t.tags.endpoint === endpoint).length, endpoint).toBeGreaterThan(0);
    }
    expect(result.metrics.job_completion?.values.rate).toBe(1);
    expect(result.metrics.tenant_isolation_violations?.values.count).toBe(0);
    expect(result.growth.status).toBe('computed');
    expect(result.growth.relations.map((r) => r.relation)).toContain('job_events');
    const audit = JSON.parse(readFileSync(join(runDir, 'audit.json'), 'utf8')) as { accepted: number; found: number; lost: { count: number } };
    expect(audit.accepted).toBeGreaterThan(0);
    expect(audit.found).toBe(audit.accepted);
    expect(audit.lost.count).toBe(0);
  });

  it('writes a verdict, a Markdown report and JUnit that agree', () => {
    const verdict = JSON.parse(readFileSync(join(runDir, 'verdict.json'), 'utf8')) as { outcome: string; exitCode: number; items: Array<{ status: string }> };
    expect(verdict.outcome).toBe('pass');
    expect(verdict.items.every((i) => i.status !== 'fail')).toBe(true);
    const md = readFileSync(join(runDir, 'report.md'), 'utf8');
    expect(md).toMatch(/^# aetheris-bench — e2e-gate/);
    for (const heading of ['## Checks', '## Latency per endpoint', '## Jobs', '## Replay', '## Storage growth', '## Tenant isolation', '## Loss audit', '## Target telemetry']) expect(md).toContain(heading);
    expect(md).toMatch(/Source: http_req_duration per `endpoint` tag/);
    const junit = readFileSync(join(runDir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(new RegExp(`tests="${verdict.items.length}" failures="0" errors="0"`));
  });

  it('report.html draws every chart in headless Chromium, with no console error and no empty chart', () => {
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=["']?https?:/);
    const { dom, log } = dumpDom(join(runDir, 'report.html'));
    const body = /<body([^>]*)>/.exec(dom)?.[1] ?? '';
    expect(body).toContain('data-render="ok"');
    expect(body).toContain('data-errors=""');
    expect(body).toContain('data-charts-empty=""');
    expect(Number(/data-charts-drawn="(\d+)"/.exec(body)?.[1])).toBeGreaterThanOrEqual(5);
    expect(log.split('\n').filter((l) => /CONSOLE.*(error|Uncaught)/i.test(l))).toEqual([]);
  }, 900_000);

  it('never writes the token or the Postgres password into the run directory', () => {
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as { target: { pg: string } };
    expect(manifest.target.pg).toMatch(/^postgres:\/\/postgres:\*+@127\.0\.0\.1/);
    for (const f of readdirSync(runDir)) expect(readFileSync(join(runDir, f), 'utf8'), f).not.toContain('tok-secret-e2e-123');
  });

  it('judges the stored result again with gate --result, and against itself as baseline', () => {
    const again = cli(['gate', '--result', join(runDir, 'result.json'), '--baseline', join(runDir, 'result.json')], work);
    expect(again.stdout).toMatch(/^(PASS|INCONCLUSIVE) /m);
    expect([0, 4]).toContain(again.code);
    const verdict = JSON.parse(readFileSync(join(runDir, 'verdict.json'), 'utf8')) as { comparison: { verdict: string } | null };
    expect(verdict.comparison?.verdict).not.toBe('fail');
  });

  it('bundles the run as evidence whose index links all resolve', () => {
    const out = join(work, 'evidence');
    const ev = cli(['evidence', '--out', out, runDir], work);
    expect(ev.code, ev.stderr).toBe(0);
    const index = readFileSync(join(out, 'index.md'), 'utf8');
    const targets = [...index.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(targets.length).toBeGreaterThan(5);
    for (const t of targets) expect(existsSync(join(out, t)), t).toBe(true);
    expect(cli(['evidence', '--out', out, runDir], work).code).toBe(2);
  });
});

describe('run against an unreachable target', () => {
  it('fails fast with exit 3 and one clear line', () => {
    const work = mkdtempSync(join(tmpdir(), 'ab-e2e-'));
    const res = cli(['run', '--profile', PROFILE, '--target', 'http://127.0.0.1:9', '--runtime', 'engine', '--out', join(work, 'runs')], work);
    expect(res.code).toBe(3);
    expect(res.stderr.trim().split('\n').filter((l) => l.startsWith('aetheris-bench:'))).toEqual([expect.stringMatching(/target http:\/\/127\.0\.0\.1:9 is unreachable/)]);
    // Fast means before any load: the health check comes first, so no load output exists.
    const runs = existsSync(join(work, 'runs')) ? readdirSync(join(work, 'runs')) : [];
    for (const r of runs) expect(existsSync(join(work, 'runs', r, 'summary.json'))).toBe(false);
  });

  it('refuses a non-loopback target unless asked (exit 2)', () => {
    const res = cli(['run', '--profile', PROFILE, '--target', 'http://10.1.2.3:8080'], tmpdir());
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/not a loopback address; pass --allow-remote-target/);
  });
});
