import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExec, scriptPath, startServer, type TestServer } from './exec-harness.ts';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'engine-life-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('exec lifecycle and exit codes', () => {
  it('passes setup data as JSON to VUs and teardown, and writes the handleSummary map', async () => {
    const r = await runExec([scriptPath('lifecycle.js'), '-q', '--workers', '2', '-e', `BASE=${server.url}`, '-e', `OUT_DIR=${dir}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('custom summary on stdout');
    expect(r.stdout).not.toContain('TOTAL RESULTS'); // a map with stdout replaces the text summary
    expect(server.paths[0]).toBe('/setup');
    // Each VU parsed setup data once: its own counter goes 43, 44, … and never sees another VU's increments.
    const iters = server.paths.filter((p) => p.startsWith('/iter/'));
    expect(iters).toHaveLength(4);
    for (const vu of new Set(iters.map((p) => p.split('/')[2]))) {
      const ns = iters.filter((p) => p.split('/')[2] === vu).map((p) => Number(p.split('/n')[1]));
      expect(ns).toEqual(ns.map((_, i) => 43 + i));
    }
    // teardown sees setup's data, not a VU's mutated copy.
    expect(server.paths.at(-1)).toBe('/teardown/abc/42');
    const data = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Record<string, any>;
    expect(Object.keys(data)).toEqual(expect.arrayContaining(['root_group', 'options', 'state', 'metrics', 'setup_data', 'generator']));
    expect(data.setup_data).toEqual({ token: 'abc', n: 42 });
    expect(data.metrics.iterations.values.count).toBe(4);
    expect(data.metrics.http_reqs.values.count).toBe(6); // setup + 4 iterations + teardown
    expect(data.metrics.checks.values).toMatchObject({ passes: 4, fails: 0 });
    expect(data.generator.generator_saturated).toBe(false);
  });

  it('stops early with exit 99 when an abortOnFail threshold fails', async () => {
    const started = Date.now();
    const r = await runExec([scriptPath('abort-on-fail.js'), '-q', '--workers', '1', '-e', `BASE=${server.url}`, '--no-color']);
    expect(r.code, r.stderr).toBe(99);
    expect(r.stderr).toMatch(/abortOnFail/);
    // The scenario lasts 30 s; evaluation every 2 s must stop it far earlier (generous bound for a busy machine).
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.stdout).toContain('http_req_failed');
  });

  it('exits 107 with the message when the init context throws', async () => {
    const r = await runExec([scriptPath('init-throws.js'), '-q', '--workers', '1']);
    expect(r.code).toBe(107);
    expect(r.stderr).toMatch(/init context: .*JSON/);
  });

  it('refuses synchronous http.get at start, naming asyncRequest', async () => {
    const r = await runExec([scriptPath('sync-http.js'), '-q', '--workers', '1']);
    expect(r.code).toBe(107);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/http\.get\(\) is synchronous .* use await http\.asyncRequest/);
  });

  it('refuses an unsupported module at start, naming it', async () => {
    const r = await runExec([scriptPath('websocket.js'), '-q', '--workers', '1']);
    expect(r.code).toBe(107);
    expect(r.stderr).toMatch(/module "k6\/ws" \(WebSockets\) is not supported/);
  });

  it('exits 108 on exec.test.abort() after running teardown and the summary', async () => {
    const out = join(dir, 'abort-export.json');
    const r = await runExec([scriptPath('test-abort.js'), '-q', '--workers', '1', '-e', `BASE=${server.url}`, '--summary-export', out]);
    expect(r.code, r.stderr).toBe(108);
    expect(r.stderr).toContain('test aborted: enough');
    expect(existsSync(out)).toBe(true);
  });

  it('exits 99 when thresholds fail at the end, counting the iteration that threw', async () => {
    const out = join(dir, 'end-export.json');
    const r = await runExec([scriptPath('end-thresholds.js'), '-q', '--workers', '1', '--summary-export', out]);
    expect(r.code, r.stderr).toBe(99);
    expect(r.stderr).toContain('boom in iteration 1');
    const exported = JSON.parse(readFileSync(out, 'utf8')) as { metrics: Record<string, Record<string, unknown>> };
    expect(exported.metrics.iterations!.count).toBe(3);
    // Legacy export: a threshold value of true means it FAILED.
    expect(exported.metrics.checks!.thresholds).toEqual({ 'rate>0.99': true });
    expect(exported.metrics.iterations!.thresholds).toEqual({ 'count==3': false });
  });

  it('exits 100 when setup() outlives setupTimeout', async () => {
    const r = await runExec([scriptPath('setup-timeout.js'), '-q', '--workers', '1']);
    expect(r.code, r.stderr).toBe(100);
    expect(r.stderr).toMatch(/setup\(\) execution timed out/);
  });

  it('runs a script with top-level await', async () => {
    const out = join(dir, 'tla-export.json');
    const r = await runExec([scriptPath('top-level-await.js'), '-q', '--workers', '2', '-e', `BASE=${server.url}`, '--summary-export', out]);
    expect(r.code, r.stderr).toBe(0);
    const exported = JSON.parse(readFileSync(out, 'utf8')) as { metrics: Record<string, Record<string, number>> };
    expect(exported.metrics.iterations!.count).toBe(4);
    expect(exported.metrics.calls_total!.count).toBe(4);
    expect(exported.metrics.checks!.passes).toBe(4);
  });

  it('exits 2 on bad usage', async () => {
    const r = await runExec(['--workers', '0', scriptPath('lifecycle.js')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--workers/);
  });
});
