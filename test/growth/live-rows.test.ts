// The live-rows rule of judgeSeries: a size plateau while live rows rise is a leak filling pages
// Postgres extended ahead, but pg_stat's live-row estimate also wanders under retention, and at a
// heap's bytes per row a few dozen rows of wander pass the 32 KiB byte floor. Shapes below mirror
// the 45 s soak of test/lifecycle/soak-growth.test.ts (250 ms ticks, ~465 live rows in job_events,
// ~800 kB at its high-water mark, a leaking table whose every row stays).
import { describe, expect, it } from 'vitest';
import { DEFAULT_GROWTH_OPTIONS } from '../../analysis/growth/growth-options.ts';
import { judgeSeries } from '../../analysis/growth/verdict.ts';
import { gaussian, pages } from './synthetic-series.ts';

const opts = { ...DEFAULT_GROWTH_OPTIONS, contracts: [] };
/** The rule as it was before materialRowsFraction: significance and the byte floor only. */
const byteFloorOnly = { ...opts, materialRowsFraction: 0 };

/** Ticks every `stepS` seconds; size and live rows as functions of t plus Gaussian noise (seeded). */
function soak(n: number, stepS: number, size: (t: number) => number, rows: (t: number) => number, rowNoise: number, seed: number) {
  const g = gaussian(seed);
  const t = Float64Array.from({ length: n }, (_, i) => i * stepS);
  return { t, y: Float64Array.from(t, (x) => pages(size(x))), rows: Float64Array.from(t, (x) => Math.round(rows(x) + rowNoise * g())) };
}

describe('live-rows rule', () => {
  it.each([1, 2, 3])('an estimate drifting 10 % under retention, size at its high-water mark → bounded (seed %i)', (seed) => {
    // Retention holds ~465 rows; the estimate creeps up 10 % over the run (vacuum's extrapolated
    // reltuples, deletes counted late) with ±30 rows of tick noise, as in the soak samples.
    const s = soak(180, 0.25, (t) => 790_000 + 12_000 * Math.min(t, 5) / 5, (t) => 440 + (46 * t) / 45, 30, seed * 17);
    const j = judgeSeries(s.t, s.y, opts, s.rows);
    expect(j.verdict, j.reason).toBe('bounded');
    // The same series passes significance and the byte floor: without the level test it was a leak.
    expect(judgeSeries(s.t, s.y, byteFloorOnly, s.rows).verdict).toBe('unbounded');
  });

  it.each([1, 2, 3])('a real leak of live rows under a paused size → unbounded (seed %i)', (seed) => {
    // Every row stays: 40 rows/s from the start; the heap grew early and then pauses (extended ahead).
    const s = soak(180, 0.25, (t) => 300_000 + 40_000 * Math.min(t, 20), (t) => 40 * t, 15, seed * 29);
    const j = judgeSeries(s.t, s.y, opts, s.rows);
    expect(j.verdict, j.reason).toBe('unbounded');
    expect(j.reason).toMatch(/live rows .* keep rising by \d+ \(\d+% of their median \d+\)/);
  });

  it('a leak that adds only a sliver of a big table\'s rows is left to the size rule', () => {
    // 1 M rows, +2 % over the window, size paused: not material against the level, so the size decides.
    const s = soak(180, 0.25, () => 200_000_000, (t) => 1e6 + (20_000 * t) / 45, 500, 5);
    expect(judgeSeries(s.t, s.y, byteFloorOnly, s.rows).verdict).toBe('unbounded');
    expect(judgeSeries(s.t, s.y, opts, s.rows).verdict).toBe('bounded');
  });

  it.each([1, 2, 3])('short and noisy → inconclusive, whatever the rows do (seed %i)', (seed) => {
    // 12 samples; size creeps 5 kB/s under ±300 kB of noise; rows rise ~20 % under ±100 rows of noise.
    // The rows' lower bound, not a lucky point estimate, must clear the level test, so they change nothing.
    const g = gaussian(seed * 43);
    const s = soak(12, 1, (t) => 2_000_000 + 5_000 * t + 300_000 * g(), (t) => 500 + (100 * t) / 13, 100, seed * 43 + 1);
    const j = judgeSeries(s.t, s.y, opts, s.rows);
    expect(j.verdict, j.reason).toBe('inconclusive');
  });

  it('rows below the tail minimum are not judged (size verdict stands)', () => {
    const s = soak(40, 1, () => 1_000_000, (t) => 10 * t, 0, 1);
    const rows = s.rows.map((r, i) => (i < 36 ? Number.NaN : r));
    expect(judgeSeries(s.t, s.y, opts, rows).verdict).toBe('bounded');
    expect(judgeSeries(s.t, s.y, opts, s.rows).verdict).toBe('unbounded');
  });
});
