import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExec, scriptPath, startServer, type TestServer } from './exec-harness.ts';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'engine-http-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Point {
  type: string;
  metric: string;
  data: { value: number; tags: Record<string, string> };
}

describe('k6/http on the engine', () => {
  it('implements Response, params, redirects, errors and expected statuses with k6 tags', async () => {
    const out = join(dir, 'http.ndjson');
    const exportFile = join(dir, 'export.json');
    const r = await runExec([scriptPath('http-features.js'), '-q', '--workers', '1', '-e', `BASE=${server.url}`, '--out', `json=${out}`, '--summary-export', exportFile]);
    expect(r.code, r.stderr).toBe(0);
    const exported = JSON.parse(readFileSync(exportFile, 'utf8')) as { root_group: { checks: Record<string, { fails: number; passes: number }> } };
    const failed = Object.entries(exported.root_group.checks).filter(([, c]) => c.fails > 0).map(([n]) => n);
    expect(failed).toEqual([]);
    expect(Object.keys(exported.root_group.checks)).toHaveLength(12);
    const points = readFileSync(out, 'utf8').split('\n').filter((l) => l.includes('"Point"')).map((l) => JSON.parse(l) as Point);
    const failedReq = points.filter((p) => p.metric === 'http_req_failed');
    const byName = (n: string) => failedReq.find((p) => p.data.tags.name === n)!;
    expect(byName('expected404').data).toMatchObject({ value: 0, tags: { status: '404', expected_response: 'true', group: '::expected' } });
    expect(byName('unexpected503').data).toMatchObject({ value: 1, tags: { status: '503', expected_response: 'false', group: '' } });
    const refused = failedReq.find((p) => p.data.tags.url === 'http://127.0.0.1:1/')!;
    expect(refused.data.tags).toMatchObject({ status: '0', error_code: '1212', expected_response: 'false' });
    // The redirect hop counts as its own request (k6 emits http_reqs per hop): 9 calls, one of them 2 hops.
    expect(points.filter((p) => p.metric === 'http_reqs').length).toBe(10);
    expect(points.find((p) => p.metric === 'group_duration')!.data.tags.group).toBe('::expected');
  });
});
