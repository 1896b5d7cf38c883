import { describe, expect, it } from 'vitest';
import { aicc } from '../../analysis/growth/aicc.ts';
import { akaikeWeights } from '../../analysis/growth/akaike-weights.ts';
import { binMeans } from '../../analysis/growth/downsample.ts';
import { fitLine } from '../../analysis/growth/least-squares.ts';
import { mannKendallHamedRao } from '../../analysis/growth/mann-kendall.ts';
import { normalCdf, normalQuantile } from '../../analysis/growth/normal.ts';
import { blockMeans, detectPeriod } from '../../analysis/growth/periodicity.ts';
import { selectKth } from '../../analysis/growth/select-kth.ts';
import { findSteadyState } from '../../analysis/growth/steady-state.ts';
import { theilSen } from '../../analysis/growth/theil-sen.ts';
import { gaussian, series } from './synthetic-series.ts';

describe('normal distribution', () => {
  it('Φ and Φ⁻¹ match the tables', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 6);
    expect(normalQuantile(0)).toBe(-Infinity);
  });
});

describe('information criteria', () => {
  it('AICc = n ln(RSS/n) + 2k + 2k(k+1)/(n−k−1)', () => {
    expect(aicc(10, 20, 3)).toBeCloseTo(20 * Math.log(0.5) + 6 + 24 / 16, 10);
    expect(aicc(10, 4, 3)).toBe(Infinity);
  });
  it('Akaike weights for Δ = 0, 2, 4', () => {
    const w = akaikeWeights([10, 12, 14]);
    expect(w[0]).toBeCloseTo(0.6652, 4);
    expect(w[1]).toBeCloseTo(0.2447, 4);
    expect(w[2]).toBeCloseTo(0.09, 4);
    expect(akaikeWeights([Infinity, 3])).toEqual([0, 1]);
  });
});

describe('Mann-Kendall and Theil–Sen', () => {
  it('S, Var(S), z and p of 1…5 (textbook: S = 10, Var = 16.67, p ≈ 0.0275)', () => {
    const mk = mannKendallHamedRao([1, 2, 3, 4, 5], 1);
    expect(mk.s).toBe(10);
    expect(mk.varS).toBeCloseTo(50 / 3, 9);
    expect(mk.z).toBeCloseTo(9 / Math.sqrt(50 / 3), 9);
    expect(mk.p).toBeCloseTo(0.0275, 3);
    expect(mk.correction).toBe(1);
  });
  it('ties reduce Var(S)', () => {
    const mk = mannKendallHamedRao([1, 1, 2, 2, 3], 0);
    expect(mk.varS).toBeCloseTo((5 * 4 * 15 - 2 * (2 * 1 * 9)) / 18, 9);
  });
  it('autocorrelated noise (AR(1), φ = 0.8) inflates the variance', () => {
    const g = gaussian(3);
    const y: number[] = [0];
    for (let i = 1; i < 300; i++) y.push(0.8 * y[i - 1]! + g());
    expect(mannKendallHamedRao(y, 0).correction).toBeGreaterThan(2);
  });
  it('Theil–Sen slope is the median pairwise slope', () => {
    const ts = theilSen([1, 2, 3, 4], [1, 3, 2, 5], 0);
    expect(ts.slope).toBeCloseTo((1 + 4 / 3) / 2, 12);
  });
  it('Theil–Sen ignores an outlier that drags least squares', () => {
    const t = Array.from({ length: 20 }, (_, i) => i);
    const y = t.map((x) => 2 * x);
    y[19] = 1000;
    const varS = (20 * 19 * 45) / 18;
    const ts = theilSen(t, y, varS);
    expect(ts.slope).toBeCloseTo(2, 9);
    expect(ts.lower).toBeLessThanOrEqual(2);
    expect(ts.upper).toBeGreaterThanOrEqual(2);
    expect(fitLine(t, y).slope).toBeGreaterThan(10);
  });
});

describe('helpers', () => {
  it('selectKth returns order statistics', () => {
    const v = Float64Array.from([5, 1, 4, 2, 3, 9, 0]);
    expect([0, 3, 6].map((k) => selectKth(Float64Array.from(v), k))).toEqual([0, 3, 9]);
    expect(selectKth(new Float64Array(0), 0)).toBeNaN();
  });
  it('binMeans keeps short series and averages long ones', () => {
    expect(Array.from(binMeans([0, 1], [2, 4], 5).y)).toEqual([2, 4]);
    expect(Array.from(binMeans([0, 1, 2, 3], [2, 4, 6, 8], 2).y)).toEqual([3, 7]);
  });
  it('detects the period of a sawtooth and averages whole cycles away', () => {
    const s = series(400, 1, (t) => (t % 40) / 40, 0.01, 5);
    const p = detectPeriod(s.y)!;
    expect(p).toBeGreaterThanOrEqual(39);
    expect(p).toBeLessThanOrEqual(41);
    expect(detectPeriod(series(400, 1, () => 0, 1, 6).y)).toBeNull();
    expect(Array.from(blockMeans([0, 1, 2, 3, 4], [1, 3, 5, 7, 9], 2).y)).toEqual([2, 6]);
  });
  it('finds the warm-up / steady-state boundary of a leak that starts halfway', () => {
    const s = series(600, 5, (t) => 1e6 + 500 * Math.max(0, t - 1500), 5000, 8);
    const b = findSteadyState(s.t, s.y);
    expect(b.t).toBeGreaterThan(1400);
    expect(b.t).toBeLessThan(1600);
    expect(b.slopeAfter).toBeCloseTo(500, -1);
  });
  it('finds no boundary in a straight line', () => {
    const s = series(600, 5, (t) => 1e6 + 500 * t, 5000, 9);
    expect(findSteadyState(s.t, s.y).index).toBe(0);
  });
});
