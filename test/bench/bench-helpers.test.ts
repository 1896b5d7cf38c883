// Known-answer tests for the small pieces the benchmark figures rest on.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REAL_K6_NDJSON, writeRepeatedNdjson } from '../../bench/ndjson-file.ts';
import { syntheticSamples } from '../../bench/growth-fit.ts';
import { parseSamplesCsv } from '../../analysis/growth/index.ts';
import { fmt, goalMark, mdTable, median, medianIndex, runsList } from '../../bench/stats.ts';
import { processTree, rssKiB, treeCpuSeconds } from '../../bench/proc-stats.ts';
import { runChild, sampleProgramRss } from '../../bench/child.ts';
import { countedCpu, pairOrder, pairRatios } from '../../bench/engine-worker-cpu.ts';
import { sampleSteadyState, steadyWindow, type SteadySample } from '../../bench/steady-state-cpu.ts';

describe('stats', () => {
  it('median of odd, even and empty lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
  it('finds the run whose value is the median', () => {
    expect(medianIndex([30, 10, 20])).toBe(2);
    expect(medianIndex([4, 1, 3, 2])).toBe(3);
    expect(medianIndex([7])).toBe(0);
    expect(medianIndex([])).toBe(-1);
  });
  it('formats numbers and tables', () => {
    expect(fmt(1234567.891, 1)).toBe('1,234,567.9');
    expect(fmt(Number.NaN)).toBe('n/a');
    expect(runsList([1, 2.5], 1)).toBe('(1.0, 2.5)');
    expect(mdTable(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
  });
  it('marks goals, never on quick numbers', () => {
    expect(goalMark(true, false)).toBe('met');
    expect(goalMark(false, false)).toBe('**missed**');
    expect(goalMark(null, false)).toBe('n/a');
    expect(goalMark(false, true)).toBe('n/a (quick)');
  });
});

describe('proc-stats', () => {
  it('sees this process, its CPU time and its memory', () => {
    expect(processTree(process.pid)).toContain(process.pid);
    expect(treeCpuSeconds(process.pid)).toBeGreaterThan(0);
    expect(rssKiB(process.pid)).toBeGreaterThan(1024);
    expect(rssKiB(2 ** 22 + 12345)).toBe(0);
  });
  it('finds a child in the tree, root first', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => child.once('spawn', r));
      const tree = processTree(process.pid);
      expect(tree[0]).toBe(process.pid);
      expect(tree).toContain(child.pid);
      expect(processTree(child.pid!)).toEqual([child.pid]);
      expect(processTree(2 ** 22 + 12345)).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('writeRepeatedNdjson', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ndjson-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('repeats the real k6 file, declares each metric once and shifts each copy later in time', async () => {
    const file = join(dir, 'out.ndjson');
    const source = readFileSync(REAL_K6_NDJSON, 'utf8').trim().split('\n');
    const n = await writeRepeatedNdjson(REAL_K6_NDJSON, file, source.length * 2 + 1);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(n);
    expect(n).toBeGreaterThan(source.length * 2);
    const metricLines = lines.filter((l) => l.startsWith('{"type":"Metric"'));
    expect(new Set(metricLines).size).toBe(metricLines.length);
    expect(metricLines.length).toBe(source.filter((l) => l.startsWith('{"type":"Metric"')).length);
    const times = lines.filter((l) => l.includes('"type":"Point"')).map((l) => Date.parse((JSON.parse(l) as { data: { time: string } }).data.time));
    const perCopy = source.filter((l) => l.includes('"type":"Point"')).length;
    // The third copy starts after the first copy ends.
    expect(Math.min(...times.slice(2 * perCopy, 3 * perCopy))).toBeGreaterThan(Math.max(...times.slice(0, perCopy)));
    for (const l of lines.slice(0, 50)) expect(() => JSON.parse(l)).not.toThrow();
  });
});

describe('syntheticSamples', () => {
  it('is a samples.csv the growth analysis reads: relations × ticks', () => {
    const table = parseSamplesCsv(syntheticSamples(4, 30));
    expect(table.relations).toHaveLength(4);
    for (const r of table.relations) expect(r.t.length).toBe(30);
  });
});

describe('engine-worker-cpu pairs', () => {
  it('alternates which worker count runs first, and takes the ratio within each pair', () => {
    expect([0, 1, 2, 3].map(pairOrder)).toEqual([[1, 2], [2, 1], [1, 2], [2, 1]]);
    // A slow phase (second pair) doubles both runs: the ratio within the pair does not see it.
    expect(pairRatios([{ 1: 10, 2: 11 }, { 1: 20, 2: 22 }])).toEqual([1.1, 1.1]);
    // A run that did not count (NaN) takes its pair out.
    expect(pairRatios([{ 1: 10, 2: Number.NaN }, { 1: Number.NaN, 2: 9 }, { 1: 10, 2: 12 }])).toEqual([1.2]);
    // A run counts only with 2 s of its steady window kept.
    const run = (seconds: number) => ({ seconds, droppedSeconds: 6 - seconds, cpuS: seconds, requests: 70_000 * seconds, usPerRequest: 14.3 });
    expect(countedCpu(run(2))).toBe(14.3);
    expect(countedCpu(run(1.6))).toBeNaN();
  });
});

describe('steadyWindow', () => {
  /** Readings every 500 ms of a run made of segments [until s, CPU cores used, requests/s]. */
  const run = (segments: ReadonlyArray<readonly [number, number, number]>): SteadySample[] => {
    const out: SteadySample[] = [];
    for (let t = 0; t <= segments.at(-1)![0] * 1000; t += 500) {
      let cpuS = 0;
      let requests = 0;
      let from = 0;
      for (const [until, cores, rate] of segments) {
        const span = Math.max(0, Math.min(t / 1000, until) - from);
        cpuS += cores * span;
        requests += rate * span;
        from = until;
      }
      out.push({ t, cpuS, requests });
    }
    return out;
  };
  // Start-up (1 s, no requests), JIT warm-up (1 s, slower requests), steady 50,000 req/s on a full
  // core, then 1 s of drain: the steady cost is 1 core / 50,000 req/s = 20 µs per request.
  const steady = run([[1, 1, 0], [2, 1, 10_000], [11, 1, 50_000], [12, 0.1, 0]]);

  it('leaves out start-up, warm-up and drain: what remains is the steady per-request cost', () => {
    const w = steadyWindow(steady, 2, 1);
    // From the first reading that saw requests (1.5 s) + 2 s, to the last that saw new ones (11 s) − 1 s.
    expect(w.seconds).toBe(6.5);
    expect(w.droppedSeconds).toBe(0);
    expect(w.usPerRequest).toBeCloseTo(20, 9);
  });

  it('leaves out stretches where the generator waited on a server slowed by a neighbour', () => {
    // 5–7 s: the generator used 0.6 of its core for 20,000 req/s (30 µs each): the two 2 s stretches touching it go.
    const w = steadyWindow(run([[1, 1, 0], [2, 1, 10_000], [5, 1, 50_000], [7, 0.6, 20_000], [11, 1, 50_000], [12, 0.1, 0]]), 2, 1);
    expect(w.droppedSeconds).toBe(4);
    expect(w.seconds).toBe(2.5);
    expect(w.usPerRequest).toBeCloseTo(20, 9);
  });

  it('sampling: a status page that cannot be read fails stop(), not the process', async () => {
    // Port 9 on loopback (discard) is closed here: every poll is refused.
    const sampler = sampleSteadyState('http://127.0.0.1:9/nginx_status', 20);
    sampler.onSpawn(process.pid);
    await new Promise((r) => setTimeout(r, 150));
    await expect(sampler.stop()).rejects.toThrow();
  });

  it('refuses a run too short for its window', () => {
    expect(() => steadyWindow(steady, 10, 1)).toThrow(/too short/);
    expect(() => steadyWindow(steady.map((s) => ({ ...s, requests: 0 })), 1, 1)).toThrow(/no requests/);
  });
});

describe('sampleProgramRss', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-rss-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('samples the program runChild starts while it runs, and stops', async () => {
    const sampler = sampleProgramRss(50);
    // 1 s of sleep at 50 ms gives ~20 samples; ≥ 3 leaves room for a busy machine delaying timers.
    const run = await runChild('sleep', ['1'], { timeoutMs: 30_000, workDir: dir, onSpawn: sampler.onSpawn });
    const samples = sampler.stop();
    expect(run.code).toBe(0);
    expect(samples.length).toBeGreaterThanOrEqual(3);
    for (const s of samples) expect(s.kib).toBeGreaterThan(0);
    expect(samples.at(-1)!.t).toBeGreaterThan(samples[0]!.t);
    await new Promise((r) => setTimeout(r, 120));
    expect(sampler.stop()).toHaveLength(samples.length);
  });
});
