import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generatorReport, saturationWarning, type GeneratorReport } from '../../load/engine/coordinator/generator-report.ts';
import { ProgressDisplay, progressLine } from '../../load/engine/coordinator/progress.ts';
import type { GeneratorStats } from '../../load/engine/worker/generator-monitor.ts';
import { runExec, scriptPath } from './exec-harness.ts';

const worker = (over: Partial<GeneratorStats> & { lagP99?: number; lagCount?: number }): GeneratorStats => ({
  worker: over.worker ?? 0,
  schedule_lag_ms: { count: over.lagCount ?? 1000, p50: 0.2, p99: over.lagP99 ?? 1, max: 5 },
  dropped_iterations: over.dropped_iterations ?? { total: 0, late: 0 },
  event_loop_delay_ms: { p50: 10, p99: 12, max: 20, mean: 10 },
  event_loop_utilization: over.event_loop_utilization ?? 0.3,
  measured_ms: over.measured_ms ?? 10_000,
});

describe('generator block', () => {
  it('is not saturated when lag and utilisation stay under the limits', () => {
    const r = generatorReport([worker({}), worker({ worker: 1 })]);
    expect(r.generator_saturated).toBe(false);
    expect(saturationWarning(r)).toBeUndefined();
  });

  it('flags schedule lag p99 over 50 ms and a saturated core, naming the worker', () => {
    const r = generatorReport([worker({ lagP99: 73.2 }), worker({ worker: 1, event_loop_utilization: 0.99 })]);
    expect(r.generator_saturated).toBe(true);
    expect(r.schedule_lag_p99_ms).toBe(73.2);
    expect(saturationWarning(r)).toMatch(/^WARN generator_saturated: .*worker 0: schedule lag p99 73\.2 ms > 50 ms; worker 1: event loop 99% busy/);
  });

  it('flags iterations dropped while a worker ran behind schedule, beyond 0.1 % of the slots, but not drops on time', () => {
    // 1,000 started + 10 dropped: 10 late drops are 0.99 % of the slots.
    const late = generatorReport([worker({ dropped_iterations: { total: 10, late: 10 } })]);
    expect(late.generator_saturated).toBe(true);
    expect(late.dropped_iterations).toEqual({ total: 10, late: 10 });
    expect(saturationWarning(late)).toMatch(/worker 0: 10 of 1010 arrival-rate iterations dropped while it ran over 10 ms behind schedule/);
    expect(generatorReport([worker({ dropped_iterations: { total: 500, late: 0 } })]).generator_saturated).toBe(false);
    expect(generatorReport([worker({ dropped_iterations: { total: 1, late: 1 } })]).generator_saturated).toBe(false);
  });

  it('needs enough evidence: few lag samples or a sub-3 s measurement decide nothing', () => {
    expect(generatorReport([worker({ lagP99: 500, lagCount: 10 })]).generator_saturated).toBe(false);
    expect(generatorReport([worker({ event_loop_utilization: 1, measured_ms: 500 })]).generator_saturated).toBe(false);
  });
});

describe('progress display', () => {
  const state = { elapsedMs: 12_300, totalMs: 60_000, vus: 10, vusMax: 20, iterations: 1234, interrupted: 0, requestsPerSecond: 100.44, p95Ms: 12.3456, failedRequests: 2 };

  it('says elapsed/total, VUs, iterations, req/s, p95 and errors', () => {
    expect(progressLine(state)).toBe('running (00m12.3s/01m00.0s), 10/20 VUs, 1234 complete and 0 interrupted iterations, 100.4 req/s, p95=12.35ms, errors=2');
  });

  it('writes a plain line every 10 s off a TTY, rewrites one line on a TTY, and nothing when quiet', () => {
    const sink = () => {
      const chunks: string[] = [];
      return { chunks, stream: { write: (s: string) => chunks.push(s) } as unknown as NodeJS.WriteStream };
    };
    const plain = sink();
    const p = new ProgressDisplay(plain.stream, false, false);
    for (const t of [1000, 5000, 10_000, 15_000, 20_500]) p.update({ ...state, elapsedMs: t });
    expect(plain.chunks).toHaveLength(2);
    expect(plain.chunks.every((c) => c.endsWith('\n'))).toBe(true);
    const tty = sink();
    const live = new ProgressDisplay(tty.stream, true, false);
    live.update(state);
    live.update(state);
    live.finish();
    expect(tty.chunks.slice(0, 2).every((c) => c.startsWith('\r'))).toBe(true);
    expect(tty.chunks.at(-1)).toBe('\n');
    const quiet = sink();
    new ProgressDisplay(quiet.stream, true, true).update(state);
    expect(quiet.chunks).toEqual([]);
  });
});

describe('late drops on the engine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'engine-late-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = async (stall: boolean) => {
    const out = join(dir, `${stall}.json`);
    const r = await runExec([scriptPath('late-drops.js'), '-q', '--workers', '1', '-e', `OUT=${out}`, ...(stall ? ['-e', 'STALL=1'] : [])]);
    return { r, data: JSON.parse(readFileSync(out, 'utf8')) as { generator: GeneratorReport; dropped: number } };
  };

  it('blames a stalled event loop for its drops, and not a VU shortage on schedule', async () => {
    const stalled = await run(true);
    // A 400 ms stall at 200/s leaves ~80 slots due at once with 2 VUs: nearly all dropped, late.
    expect(stalled.data.dropped).toBeGreaterThan(20);
    expect(stalled.data.generator.dropped_iterations.late).toBeGreaterThan(20);
    expect(stalled.data.generator.generator_saturated).toBe(true);
    expect(stalled.r.stderr).toMatch(/WARN generator_saturated: .*dropped while it ran over 10 ms behind schedule/);
    // 300 ms iterations, 2 VUs, 50/s: ~85 % of the slots find no VU, each on time.
    const short = await run(false);
    expect(short.data.dropped).toBeGreaterThan(40);
    // On time, so not late; a shared CI machine may stall the loop past 10 ms once or twice, hence not 0.
    expect(short.data.generator.dropped_iterations.late).toBeLessThan(short.data.dropped / 4);
    expect(short.data.generator.dropped_iterations.total).toBe(short.data.dropped);
  });
});
