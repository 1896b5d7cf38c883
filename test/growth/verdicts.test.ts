import { describe, expect, it } from 'vitest';
import { DEFAULT_GROWTH_OPTIONS } from '../../analysis/growth/growth-options.ts';
import { judgeSeries, type Verdict } from '../../analysis/growth/verdict.ts';
import { pages, series } from './synthetic-series.ts';

const opts = { ...DEFAULT_GROWTH_OPTIONS, contracts: [] };
const MB = 1 << 20;

interface Case {
  name: string;
  n: number;
  stepS: number;
  shape: (t: number) => number;
  noise: number;
  expected: Verdict;
  /** Round sizes to 8 kB pages, as Postgres reports them. */
  paged?: boolean;
}

// Known answers: every shape at realistic sample counts (5 s ticks), each judged on three seeds.
const cases: Case[] = [
  { name: 'fast linear leak (2 kB/s)', n: 720, stepS: 5, shape: (t) => 10 * MB + 2000 * t, noise: 50_000, expected: 'unbounded' },
  { name: 'fast linear leak, page-quantised', n: 720, stepS: 5, shape: (t) => 10 * MB + 2000 * t, noise: 0, expected: 'unbounded', paged: true },
  { name: 'slow linear leak (100 B/s on 50 MB, noisy)', n: 720, stepS: 5, shape: (t) => 50 * MB + 100 * t, noise: 100_000, expected: 'unbounded' },
  { name: 'slow leak over a long soak (10 B/s, 8 h at 30 s)', n: 960, stepS: 30, shape: (t) => 200 * MB + 10 * t, noise: 20_000, expected: 'unbounded', paged: true },
  { name: 'saturating exponential', n: 720, stepS: 5, shape: (t) => 2 * MB + 8 * MB * (1 - Math.exp(-t / 500)), noise: 50_000, expected: 'bounded' },
  { name: 'grow then flat', n: 720, stepS: 5, shape: (t) => MB + 3000 * Math.min(t, 1200), noise: 40_000, expected: 'bounded' },
  { name: 'flat with noise', n: 720, stepS: 5, shape: () => 20 * MB, noise: 100_000, expected: 'bounded' },
  { name: 'flat, page-quantised', n: 200, stepS: 5, shape: () => 3 * MB, noise: 0, expected: 'bounded', paged: true },
  { name: 'leak starting halfway', n: 720, stepS: 5, shape: (t) => 5 * MB + 1500 * Math.max(0, t - 1800), noise: 40_000, expected: 'unbounded' },
  { name: 'sawtooth without drift (snapshot/GC cycles)', n: 1440, stepS: 5, shape: (t) => 4 * MB + 2 * MB * ((t % 300) / 300), noise: 20_000, expected: 'bounded' },
  { name: 'sawtooth with drift', n: 1440, stepS: 5, shape: (t) => 4 * MB + 2 * MB * ((t % 300) / 300) + 300 * t, noise: 20_000, expected: 'unbounded' },
  { name: 'too short', n: 6, stepS: 5, shape: (t) => MB + 1000 * t, noise: 100, expected: 'inconclusive' },
  { name: 'too noisy (noise ≫ trend, 60 samples)', n: 60, stepS: 5, shape: (t) => 10 * MB + 1000 * t, noise: 3 * MB, expected: 'inconclusive' },
];

describe('verdicts on known-answer synthetic series', () => {
  for (const c of cases) {
    it.each([1, 2, 3])(`${c.name} → ${c.expected} (seed %i)`, (seed) => {
      const s = series(c.n, c.stepS, c.shape, c.noise, seed * 101);
      const y = c.paged ? s.y.map(pages) : s.y;
      const j = judgeSeries(s.t, y, opts);
      expect(j.verdict, j.reason).toBe(c.expected);
      expect(j.reason.length).toBeGreaterThan(10);
      expect(j.reason).not.toMatch(/\n/);
    });
  }

  it('an unbounded verdict names the slope, its interval and the test', () => {
    const s = series(720, 5, (t) => 10 * MB + 2000 * t, 50_000, 7);
    const j = judgeSeries(s.t, s.y, opts);
    expect(j.reason).toMatch(/Theil–Sen .*CI .*Mann-Kendall p=/);
    expect(j.trend!.slopePerS).toBeGreaterThan(1900);
    expect(j.trend!.slopePerS).toBeLessThan(2100);
    expect(j.trend!.slopeLowerPerS).toBeLessThanOrEqual(j.trend!.slopePerS);
    expect(j.trend!.slopeUpperPerS).toBeGreaterThanOrEqual(j.trend!.slopePerS);
  });

  it('the steady state of a leak that starts halfway begins near the middle', () => {
    const s = series(720, 5, (t) => 5 * MB + 1500 * Math.max(0, t - 1800), 40_000, 3);
    const j = judgeSeries(s.t, s.y, opts);
    expect(j.trend!.startS).toBeGreaterThan(1600);
    expect(j.trend!.startS).toBeLessThan(2000);
  });

  it('a size plateau while live rows keep rising is pre-allocated space filling up, not a level', () => {
    // Rises, then pauses for the last 40 % (Postgres extended the table ahead); rows never stop.
    const s = series(400, 1, (t) => 1e6 + 2000 * Math.min(t, 240), 0, 1);
    const rows = Float64Array.from(s.t, (t) => 10 * t);
    expect(judgeSeries(s.t, s.y, opts).verdict).toBe('bounded');
    expect(judgeSeries(s.t, s.y, opts, rows).verdict).toBe('unbounded');
    const flatRows = Float64Array.from(s.t, () => 500);
    expect(judgeSeries(s.t, s.y, opts, flatRows).verdict).toBe('bounded');
  });

  it('a sawtooth is judged on whole cycles', () => {
    const s = series(1440, 5, (t) => 4 * MB + 2 * MB * ((t % 300) / 300), 20_000, 3);
    const j = judgeSeries(s.t, s.y, opts);
    // One cycle or a whole number of them: either averages the sawtooth away.
    const cycles = j.trend!.cycleS! / 300;
    expect(cycles).toBeGreaterThan(0.9);
    expect(Math.abs(cycles - Math.round(cycles))).toBeLessThan(0.1);
  });
});
