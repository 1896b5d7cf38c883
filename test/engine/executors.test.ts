import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExec, scriptPath, startServer, sumPoints, type TestServer } from './exec-harness.ts';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'engine-exec-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('all six executors against a local server', () => {
  it('run their k6 schedules', async () => {
    const out = join(dir, 'all.ndjson');
    const r = await runExec([scriptPath('all-executors.js'), '-q', '--workers', '1', '-e', `BASE=${server.url}`, '--out', `json=${out}`]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    const iters = sumPoints(text, 'iterations');
    const dropped = sumPoints(text, 'dropped_iterations');
    // Counted executors are exact.
    expect(iters.shared).toBe(10);
    expect(iters.pervu).toBe(6);
    // Arrival-rate: 20/s for 1 s is k = 0..19 (first at t = 0, none at t = duration); 0→20/s over 2 s
    // integrates to exactly 20. A slow machine may drop a start, never add one: started + dropped is exact.
    expect((iters.car ?? 0) + (dropped.car ?? 0)).toBe(20);
    expect((iters.rar ?? 0) + (dropped.rar ?? 0)).toBe(20);
    expect(dropped.car ?? 0).toBeLessThanOrEqual(2);
    // Looping executors depend on timing. constant-vus: 2 VUs × 1 s with ≥100 ms per iteration is at most
    // 20 started in time plus 2 finishing in gracefulStop; a loaded shared machine may run far fewer, so
    // the lower bound only proves the loop ran repeatedly.
    expect(iters.constant).toBeGreaterThanOrEqual(6);
    expect(iters.constant).toBeLessThanOrEqual(22);
    // ramping-vus 0→4 (1 s) →0 (0.5 s) is 2.75 VU-seconds: ≤ 27.5 iterations of ≥100 ms plus one per VU.
    expect(iters.ramping).toBeGreaterThanOrEqual(4);
    expect(iters.ramping).toBeLessThanOrEqual(32);
    // HTTP samples carry k6's tags.
    const line = text.split('\n').find((l) => l.includes('"metric":"http_req_duration"') && l.includes('"Point"'))!;
    const tags = (JSON.parse(line) as { data: { tags: Record<string, string> } }).data.tags;
    expect(Object.keys(tags).sort()).toEqual(['expected_response', 'group', 'method', 'name', 'proto', 'scenario', 'status', 'url']);
    expect(tags).toMatchObject({ expected_response: 'true', method: 'GET', proto: 'HTTP/1.1', status: '200' });
    // Every HTTP request the server saw belongs to a completed or interrupted iteration of one scenario.
    expect(server.paths.length).toBeGreaterThanOrEqual(10 + 6 + 20 + 20 - 4);
  });
});
