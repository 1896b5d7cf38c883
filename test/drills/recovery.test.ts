import { describe, expect, it } from 'vitest';
import { createTrendHistogram, encodeHistogram, toHdrValue } from '../../analysis/hdr-codec.ts';
import { preFaultLevel } from '../../analysis/recovery/pre-fault-level.ts';
import { recoveryFigures } from '../../analysis/recovery/recovery-figures.ts';
import { recoveryTime } from '../../analysis/recovery/recovery-time.ts';
import { densify, type SecondSample } from '../../analysis/recovery/second-sample.ts';
import { seriesFromTimeseries } from '../../analysis/recovery/series-from-timeseries.ts';
import { windowStats } from '../../analysis/recovery/window-comparison.ts';
import type { TimeseriesLine } from '../../analysis/timeseries-line.ts';

const T0 = 1_800_000_000; // unix seconds of the first bucket

/** A dense series from per-second throughput values, starting at T0. */
const series = (values: number[], extra: Partial<SecondSample> = {}): SecondSample[] => values.map((v, i) => ({ t: T0 + i, throughput: v, ...extra }));
const ms = (second: number) => (T0 + second) * 1000;

describe('densify', () => {
  it('fills missing seconds with zeros and adds up duplicates', () => {
    const d = densify([{ t: T0 + 3, throughput: 2 }, { t: T0, throughput: 1, requests: 4, errors: 1 }, { t: T0, throughput: 1, requests: 1 }]);
    expect(d.map((s) => [s.t - T0, s.throughput, s.requests, s.errors])).toEqual([[0, 2, 5, 1], [1, 0, 0, 0], [2, 0, 0, 0], [3, 2, undefined, undefined]]);
    expect(densify([])).toEqual([]);
  });

  it('takes a multi-day soak (three days of seconds) without overflowing the stack, and so does windowStats', () => {
    // Math.min/max(...xs) fail near 200k arguments.
    const n = 259_200;
    const seconds: SecondSample[] = Array.from({ length: n }, (_, i) => ({ t: T0 + n - 1 - i, throughput: 1, requests: 1, errors: 0, p95: i === 5 ? 900 : 10 }));
    const d = densify(seconds);
    expect(d).toHaveLength(n);
    expect(d[0]!.t).toBe(T0);
    expect(windowStats(d).p95).toBe(900);
  });
});

describe('preFaultLevel', () => {
  it('is the median of the N whole seconds before the window', () => {
    const s = series([100, 10, 10, 12, 8, 11, 9, 0, 0]);
    // Fault starts mid-second 7: seconds 2..6 are the 5 before it → median(10,12,8,11,9) = 10.
    expect(preFaultLevel(s, ms(7) + 400, 5)).toBe(10);
    expect(preFaultLevel(s, ms(0) + 500, 5)).toBeNull();
    expect(preFaultLevel(s, ms(2), 10)).toBe(55); // only two seconds available: median(100, 10)
  });
});

describe('recoveryTime', () => {
  const s = series([10, 10, 10, 0, 0, 2, 9, 9.5, 9, 10, 10]);
  it('measures from the fault end to the first of 3 seconds at ≥ target', () => {
    // Fault ends at second 4.5; seconds 6,7,8 are ≥ 9 → recovered at the start of second 6: 1.5 s.
    expect(recoveryTime(s, ms(4) + 500, 9, 3)).toEqual({ recoveryMs: 1500, recoveredAt: ms(6), observedUntil: ms(11) });
  });
  it('is 0 when throughput never dropped below the target', () => {
    expect(recoveryTime(series([10, 10, 10, 10]), ms(1) + 200, 9).recoveryMs).toBe(0);
  });
  it('judges the window by its mean, so low-rate jitter recovers, but not from before a catch-up burst', () => {
    // 3 jobs/s arrives as whole completions: never three seconds in a row ≥ 2.7, yet back at its level.
    expect(recoveryTime(series([0, 0, 2, 4, 2, 4, 3, 2, 4]), ms(0), 2.7, 3)).toMatchObject({ recoveryMs: 3000 });
    // The backlog drains in one burst at second 3: recovery starts there, not at the empty second 1.
    expect(recoveryTime(series([3, 0, 0, 30, 3, 3, 3]), ms(1), 2.7, 3)).toMatchObject({ recoveryMs: 2000 });
  });
  it('does not count one lucky second, and is null when the series ends first', () => {
    expect(recoveryTime(series([10, 0, 10, 0, 10, 0]), ms(1), 9, 2).recoveryMs).toBeNull();
    // A run cut short by the end of the series counts with what remains.
    expect(recoveryTime(series([10, 0, 0, 10]), ms(1), 9, 3)).toMatchObject({ recoveryMs: 2000 });
  });
});

function hdrOf(values: number[]): string {
  const h = createTrendHistogram();
  for (const v of values) h.recordValue(toHdrValue(v));
  return encodeHistogram(h);
}

describe('windowStats', () => {
  it('merges per-second histograms exactly instead of averaging percentiles', () => {
    const fast = hdrOf(Array.from({ length: 90 }, () => 10));
    const slow = hdrOf(Array.from({ length: 10 }, () => 1000));
    const stats = windowStats([{ t: T0, throughput: 1, requests: 90, errors: 0, latencyHdr: fast }, { t: T0 + 1, throughput: 1, requests: 10, errors: 5, latencyHdr: slow }]);
    expect(stats.errorRate).toBeCloseTo(0.05, 10);
    expect(stats.p95Method).toBe('hdr-merged');
    // 95th of 100 values where 10 are 1000 ms: 1000 ms (±0.1 % HDR precision); an average of P95s would say 505.
    expect(stats.p95!).toBeGreaterThan(999);
    expect(stats.p95!).toBeLessThan(1001.5);
  });
  it('falls back to the worst per-second P95 and says so; nulls without data', () => {
    expect(windowStats([{ t: T0, throughput: 0, p95: 30 }, { t: T0 + 1, throughput: 0, p95: 80 }])).toMatchObject({ p95: 80, p95Method: 'worst-second', errorRate: null });
    expect(windowStats([])).toEqual({ seconds: 0, requests: 0, errors: 0, errorRate: null, p95: null, p95Method: 'none' });
  });
});

describe('recoveryFigures', () => {
  it('gives each injected fault its recovery time and inside-window stats against outside', () => {
    // 20 s at 10/s with 1 % errors; outage seconds 10-12 (window 10.2 s → 12.6 s) at 0/s with 50 % errors;
    // then 4/s, 6/s and back to 10/s from second 15.
    const values = [...Array(10).fill(10), 0, 0, 0, 4, 6, ...Array(10).fill(10)];
    const s = values.map((v, i) => ({ t: T0 + i, throughput: v, requests: 100, errors: i >= 10 && i <= 12 ? 50 : 1, p95: i >= 10 && i <= 12 ? 900 : 50 }));
    const r = recoveryFigures(s, [
      { index: 0, action: 'db-outage', window: { start: ms(10) + 200, end: ms(12) + 600 } },
      { index: 1, action: 'kill-worker', window: null },
    ]);
    expect(r.faults).toHaveLength(1);
    const f = r.faults[0]!;
    expect(f).toMatchObject({ preFaultLevel: 10, targetLevel: 9, status: 'recovered', recoveryMs: ms(15) - (ms(12) + 600) });
    expect(f.inside).toMatchObject({ seconds: 3, requests: 300, errors: 150, errorRate: 0.5, p95: 900 });
    expect(r.outside).toMatchObject({ seconds: 22, errors: 22, p95: 50 });
    expect(r.outside.errorRate).toBeCloseTo(0.01, 10);
  });
  it('reports no-baseline and not-recovered distinctly', () => {
    const r = recoveryFigures(series([0, 5, 5, 5, 5, 0, 0]), [
      { index: 0, action: 'kill-worker', window: { start: ms(0) + 500, end: ms(1) } },
      { index: 1, action: 'restart-api', window: { start: ms(5), end: ms(5) + 100 } },
    ]);
    expect(r.faults.map((f) => f.status)).toEqual(['no-baseline', 'not-recovered']);
    expect(r.faults[1]!.recoveryMs).toBeNull();
  });
});

describe('seriesFromTimeseries', () => {
  it('builds per-second throughput, errors and merged latency from timeseries lines', () => {
    const lines: TimeseriesLine[] = [
      { kind: 'header', format: 'aetheris-bench/timeseries@1', startedAt: T0 * 1000, source: 'engine', metrics: {}, hdrScale: 1000 },
      { kind: 'counter', t: T0, metric: 'jobs_completed', tags: {}, value: 3 },
      { kind: 'counter', t: T0 + 2, metric: 'jobs_completed', tags: { scenario: 'b' }, value: 2 },
      { kind: 'rate', t: T0, metric: 'http_req_failed', tags: { endpoint: 'post_message' }, passes: 1, fails: 9 },
      { kind: 'rate', t: T0, metric: 'http_req_failed', tags: { endpoint: 'get_job' }, passes: 0, fails: 5 },
      { kind: 'trend', t: T0, metric: 'http_req_duration', tags: { endpoint: 'post_message' }, count: 2, sum: 30, min: 10, max: 20, hdr: hdrOf([10, 20]) },
      { kind: 'trend', t: T0, metric: 'http_req_duration', tags: { endpoint: 'get_job' }, count: 1, sum: 500, min: 500, max: 500, hdr: hdrOf([500]) },
    ];
    const all = seriesFromTimeseries(lines);
    expect(all.map((s) => [s.t - T0, s.throughput, s.requests, s.errors])).toEqual([[0, 3, 15, 1], [2, 2, 0, 0]]);
    // k6's percentile of {10, 20, 500}: rank 0.95·2 = 1.9 → 20 + 0.9·(500 − 20) = 452 (analysis/hdr-codec.ts).
    expect(all[0]!.p95).toBeCloseTo(452, 0);
    const posts = seriesFromTimeseries(lines, { tags: { endpoint: 'post_message' } });
    expect(posts[0]).toMatchObject({ requests: 10, errors: 1 });
    expect(posts[0]!.p95).toBeCloseTo(19.5, 1); // {10, 20}: 10 + 0.95·10
  });
});
