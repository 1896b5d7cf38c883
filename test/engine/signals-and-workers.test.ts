import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExec, scriptPath, startServer, type TestServer } from './exec-harness.ts';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'engine-sig-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SIGINT', () => {
  it('stops a 60 s run gracefully: exit 105, summary printed, export and NDJSON written', async () => {
    const exportPath = join(dir, 'export.json');
    const out = join(dir, 'out.ndjson');
    const started = Date.now();
    const r = await runExec(
      [scriptPath('long-run.ts'), '--workers', '2', '-e', `BASE=${server.url}`, '--summary-export', exportPath, '--out', `json=${out}`, '--no-color'],
      {
        onStart: (child) => {
          // Wait until requests flow, then interrupt once.
          const poll = setInterval(() => {
            if (server.paths.filter((p) => p === '/long').length >= 10) {
              clearInterval(poll);
              child.kill('SIGINT');
            }
          }, 50);
          child.on('close', () => clearInterval(poll));
        },
        timeoutMs: 40_000,
      },
    );
    expect(r.code, r.stderr).toBe(105);
    // 60 s scenario: stopping well before proves the signal worked (gracefulStop is 5 s, iterations take ~50 ms).
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(r.stdout).toContain('TOTAL RESULTS');
    const exported = JSON.parse(readFileSync(exportPath, 'utf8')) as { metrics: Record<string, { count?: number }> };
    expect(exported.metrics.iterations!.count).toBeGreaterThan(0);
    expect(existsSync(out)).toBe(true);
    const points = readFileSync(out, 'utf8').split('\n').filter((l) => l.includes('"metric":"iterations"') && l.includes('"Point"'));
    expect(points.length).toBe(exported.metrics.iterations!.count);
  });
});

describe('--workers', () => {
  it('gives the same iteration totals and merged counts with 2 workers as with 1', async () => {
    const summaries = [];
    for (const workers of ['1', '2']) {
      const file = join(dir, `merge-${workers}.json`);
      const r = await runExec([scriptPath('merge-check.js'), '-q', '--workers', workers, '-e', `BASE=${server.url}`, '--summary-export', file]);
      expect(r.code, r.stderr).toBe(0);
      summaries.push(JSON.parse(readFileSync(file, 'utf8')) as { metrics: Record<string, Record<string, number>> });
    }
    // Two separate processes with --execution-segment halves share the same test exactly.
    const halves = [];
    for (const seg of ['0:1/2', '1/2:1']) {
      const file = join(dir, `seg-${seg.replace(/[/:]/g, '_')}.json`);
      const r = await runExec([scriptPath('merge-check.js'), '-q', '--workers', '1', '--execution-segment', seg, '--execution-segment-sequence', '0,1/2,1', '-e', `BASE=${server.url}`, '--summary-export', file]);
      expect(r.code, r.stderr).toBe(0);
      halves.push(JSON.parse(readFileSync(file, 'utf8')) as { metrics: Record<string, Record<string, number>> });
    }
    const [one, two] = summaries as [(typeof summaries)[number], (typeof summaries)[number]];
    const started = (s: typeof one) => s.metrics.iterations!.count! + (s.metrics.dropped_iterations?.count ?? 0);
    // 40 shared + 3×5 per-VU + 30 arrivals (k = 0..29 in 1 s); a dropped arrival still counts as scheduled.
    expect(started(one)).toBe(85);
    expect(started(two)).toBe(85);
    expect(halves.reduce((a, h) => a + started(h as typeof one), 0)).toBe(85);
    for (const s of [one, two]) {
      const done = s.metrics.iterations!.count!;
      expect(s.metrics.http_reqs!.count).toBe(done);
      expect(s.metrics.items_total!.count).toBe(2 * done);
      expect(s.metrics.checks!.passes).toBe(done);
      // Trend min/max merge exactly across workers.
      expect(s.metrics.item_size!.min).toBe(0);
      expect(s.metrics.item_size!.max).toBe(4);
    }
  });
});
