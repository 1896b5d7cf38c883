import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'engine-metrics-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('outputs survive a killed run', () => {
  it('a SIGKILLed writer leaves valid NDJSON (gzip) and time-series lines up to its last flush', () => {
    const jsonPath = join(dir, 'out.ndjson.gz');
    const tsPath = join(dir, 'ts.ndjson');
    const child = new URL('./fixtures/killed-writer.ts', import.meta.url).pathname;
    // spawnSync's timeout kills the child if it hangs; it ends itself once the first timeseries second is on disk (≥ 2.6 s, ≤ 15 s).
    const r = spawnSync(process.execPath, ['--import', 'tsx', child, jsonPath, tsPath], { encoding: 'utf8', timeout: 30_000 });
    expect(r.signal).toBe('SIGKILL');
    const written = Number(r.stdout.trim());
    expect(written).toBeGreaterThan(0);
    const json = gunzipSync(readFileSync(jsonPath)).toString().trim().split('\n').map((l) => JSON.parse(l));
    expect(json[0]).toMatchObject({ type: 'Metric', metric: 'http_req_duration' });
    const points = json.filter((l) => l.type === 'Point').length;
    // Everything up to the last 200 ms flush is there; only the final unflushed batch may be lost.
    expect(points).toBeGreaterThan(0);
    expect(points).toBeLessThanOrEqual(written);
    const ts = readFileSync(tsPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(ts[0].kind).toBe('header');
    expect(ts.length).toBeGreaterThan(1);
    expect(ts.slice(1).every((l) => l.kind === 'trend' && l.count > 0)).toBe(true);
  });
});
