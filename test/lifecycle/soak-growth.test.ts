// A short soak on the reference target (real Postgres, API and worker in-process): with retention
// on, job_events must be judged bounded; with the storageLeak knob on, job_audit_leak (which no
// retention touches) must be judged unbounded. Both knobs are on in the same run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeGrowth } from '../../analysis/growth/index.ts';
import { startSampler } from '../../lifecycle/sampler.ts';
import { startApiServer, type ApiServer } from '../../target/api/server.ts';
import { parseTargetConfig } from '../../target/config.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../target/embedded-postgres.ts';
import { startWorker, type Worker } from '../../target/worker/worker.ts';

const LOAD_MS = 45_000;
const SUBMIT_EVERY_MS = 50;

let db: EmbeddedPostgres;
let api: ApiServer;
let worker: Worker;
let dir: string;

const config = parseTargetConfig(
  JSON.stringify({
    leaseMs: 2000,
    worker: { pollIntervalMs: 50, concurrency: 8, planWaitMs: 2000, cancelPollMs: 100, shutdownGraceMs: 2000 },
    snapshots: { enabled: false },
    gc: { enabled: false },
    // A 2 s window swept every 200 ms: the table reaches its steady size within seconds.
    retention: { enabled: true, windowMs: 2000, periodMs: 200, batch: 500 },
    poolSize: 6,
    knobs: { storageLeak: true },
  }),
  'soak test config',
);

beforeAll(async () => {
  // Autovacuum every second instead of every minute: space freed by retention can only be reused
  // after a vacuum, and this soak lasts 45 s, not hours. vacuum_truncate off (PG 18): otherwise
  // each vacuum hands the heap's empty tail back to the OS and the table regrows it seconds later;
  // at this time scale those ±100 kB swings hide any trend (the analysis then rightly answers
  // "inconclusive"). Without truncation the heap keeps its high-water mark, as it does under
  // sustained load, and the verdict is about whether that mark keeps rising.
  db = await startEmbeddedPostgres({ settings: { autovacuum_naptime: '1s', vacuum_truncate: 'off' } });
  api = await startApiServer({ dsn: db.url, config });
  worker = await startWorker({ dsn: db.url, workerId: 'soak', config, log: () => undefined });
  dir = mkdtempSync(join(tmpdir(), 'aetheris-bench-soak-'));
});

afterAll(async () => {
  await worker?.stop(1000);
  await api?.close();
  await db?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function post(path: string, body: unknown): Promise<any> {
  const res = await fetch(`${api.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`POST ${path} returned ${res.status}`);
  return res.json();
}

describe('soak on the reference target', () => {
  // A 45 s soak judged by significance tests has a real false-verdict rate. The live-row estimate
  // drifting under retention no longer trips it (the live-rows rule wants a rise of ≥ 25 % of the
  // row level, analysis/growth/verdict.ts), but job_events' size can still step once: a burst of
  // dead rows outruns autovacuum and the heap grows ~160 kB late in the run, which 45 s cannot tell
  // from a staircase leak (1 attempt in 6 while fixing the rule). Each retry is an independent soak
  // on a fresh sampler; broken retention or a missed leak fails all three, noise rarely does.
  it('retention keeps job_events bounded; the storage leak is judged unbounded', { timeout: 75_000, retry: 2 }, async () => {
    const out = join(dir, `samples-${Date.now()}.csv`); // a fresh file per attempt: the sampler never overwrites
    const sampler = startSampler({ pgUrl: db.url, intervalMs: 250, outFile: out });
    const agent = await post('/api/agents', { name: 'soak-agent' });
    const start = Date.now();
    let submitted = 0;
    try {
      // Open-loop pacing: one job every 50 ms for 45 s (at most 900 jobs), whatever the latency.
      while (Date.now() - start < LOAD_MS && submitted < LOAD_MS / SUBMIT_EVERY_MS) {
        await post(`/api/agents/${agent.id}/message`, { message: `soak ${submitted}` });
        submitted++;
        const next = start + submitted * SUBMIT_EVERY_MS;
        await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
      }
    } finally {
      await sampler.stop();
    }
    expect(submitted).toBeGreaterThan(300);
    const report = analyzeGrowth(readFileSync(out, 'utf8'), { contracts: [] });
    const rel = (name: string) => report.relations.find((r) => r.relation === name)!;
    const events = rel('job_events');
    const leak = rel('job_audit_leak');
    const detail = `job_events: ${events.verdict} ${events.reason}\njob_audit_leak: ${leak.verdict} ${leak.reason}`;
    expect(events.verdict, detail).toBe('bounded');
    expect(leak.verdict, detail).toBe('unbounded');
    expect(leak.bytesPerJob, detail).toBeGreaterThan(0);
  });
});
