import { describe, expect, it } from 'vitest';
import { createTrendHistogram, decodeHistogram, encodeHistogram, histogramPercentile, toHdrValue } from '../../analysis/hdr-codec.ts';
import { k6Percentile, relErr } from './helpers.ts';

function hist(values: number[]) {
  const h = createTrendHistogram();
  for (const v of values) h.recordValue(toHdrValue(v));
  return h;
}

describe('hdr-codec', () => {
  it('follows k6 percentile interpolation within 0.1 %, exact at the ends', () => {
    const values = [0.5, 3, 7.25, 10, 10, 12, 99.5, 250, 1200, 60_000];
    const h = hist(values);
    for (const p of [0, 10, 25, 50, 75, 90, 95, 99, 99.9, 100]) {
      expect(relErr(histogramPercentile(h, p, 0.5, 60_000), k6Percentile(values, p)), `p(${p})`).toBeLessThan(0.001);
    }
    expect(histogramPercentile(h, 0, 0.5, 60_000)).toBe(0.5);
    expect(histogramPercentile(h, 100, 0.5, 60_000)).toBe(60_000);
  });

  it('works for callers that pass 0 / Infinity as unknown extremes', () => {
    const h = hist([10, 20, 30]);
    const p100 = histogramPercentile(h, 100, 0, Number.POSITIVE_INFINITY);
    expect(Number.isFinite(p100)).toBe(true);
    expect(relErr(p100, 30)).toBeLessThan(0.001);
    expect(relErr(histogramPercentile(h, 0, 0, Number.POSITIVE_INFINITY), 10)).toBeLessThan(0.001);
    expect(relErr(histogramPercentile(h, 50, 0, Number.POSITIVE_INFINITY), 20)).toBeLessThan(0.001);
  });

  it('handles empty and single-sample histograms and negative values (recorded as 0)', () => {
    expect(histogramPercentile(createTrendHistogram(), 95, 0, 0)).toBe(0);
    expect(histogramPercentile(hist([42.125]), 95, 42.125, 42.125)).toBe(42.125);
    expect(toHdrValue(-3)).toBe(0);
    expect(toHdrValue(1.2344)).toBe(1234);
  });

  it('encodes to HdrHistogram compressed base64 and decodes to the same counts', () => {
    const h = hist([1, 2, 3, 1000, 3_600_000]);
    const text = encodeHistogram(h);
    expect(text.startsWith('HISTF')).toBe(true);
    const d = decodeHistogram(text);
    expect(d.totalCount).toBe(5);
    d.recordValue(toHdrValue(7_200_000)); // auto-resize still on after decoding
    expect(d.totalCount).toBe(6);
    expect(() => decodeHistogram('not a histogram')).toThrow();
  });
});
