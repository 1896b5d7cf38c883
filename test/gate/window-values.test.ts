import { describe, expect, it } from 'vitest';
import { windowValues } from '../../analysis/compare/window-values.ts';
import { createTrendHistogram, encodeHistogram, toHdrValue } from '../../analysis/hdr-codec.ts';
import { emptyResult } from '../../analysis/result/empty-result.ts';
import type { ResultSeries, RunResult } from '../../analysis/result/types.ts';

function trendPoint(t: number, values: number[]) {
  const h = createTrendHistogram();
  for (const v of values) h.recordValue(toHdrValue(v));
  return { t, count: values.length, sum: values.reduce((a, b) => a + b, 0), min: Math.min(...values), max: Math.max(...values), hdr: encodeHistogram(h) };
}

function result(series: ResultSeries[], window: { start: number; end: number }): RunResult {
  return { ...emptyResult('r', 'run-dir'), series, window };
}

describe('window values', () => {
  it('windows span the metric\'s own traffic, not idle phases of the run', () => {
    // 20 idle seconds (another phase of the run), then 20 s at 4 completions per second.
    const points = Array.from({ length: 20 }, (_, i) => ({ t: 1020 + i, value: 4 }));
    const w = windowValues(result([{ metric: 'jobs_completed', tags: {}, kind: 'counter', points }], { start: 1_000_000, end: 1_040_000 }), 'jobs_completed', 'rate', 5);
    expect(w).toEqual({ ok: true, kind: 'counter', values: [4, 4, 4, 4] });
  });

  it('skips windows with too few samples for the percentile (P95 needs 20)', () => {
    const busy = Array.from({ length: 10 }, (_, i) => trendPoint(2000 + i, Array.from({ length: 10 }, (_, k) => 10 + k)));
    const thin = Array.from({ length: 5 }, (_, i) => trendPoint(2010 + i, [500]));
    const series: ResultSeries[] = [{ metric: 'http_req_duration', tags: { endpoint: 'get_job' }, kind: 'trend', points: [...busy, ...thin] }];
    const w = windowValues(result(series, { start: 2_000_000, end: 2_015_000 }), 'http_req_duration{endpoint:get_job}', 'p(95)', 5);
    expect(w.ok && w.values.length).toBe(2);
    expect(w.ok && w.values.every((v) => v < 20)).toBe(true);
    const med = windowValues(result(series, { start: 2_000_000, end: 2_015_000 }), 'http_req_duration{endpoint:get_job}', 'med', 5);
    expect(med.ok && med.values.length).toBe(3);
  });
});
