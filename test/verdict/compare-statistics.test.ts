import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../analysis/compare/normal-quantile.ts';
import { studentTQuantile } from '../../analysis/compare/student-t-quantile.ts';
import { lag1Autocorrelation } from '../../analysis/compare/lag1-autocorrelation.ts';
import { effectiveSampleSize } from '../../analysis/compare/effective-sample-size.ts';
import { relativeChangeInterval } from '../../analysis/compare/relative-change-interval.ts';
import { threeValuedVerdict, type MetricVerdict } from '../../analysis/compare/three-valued-verdict.ts';
import { prng, windowP95s, type RunShape } from './simulate.ts';

describe('statistical building blocks (known values)', () => {
  it('normalQuantile', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });

  it('studentTQuantile (table values)', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706, 2);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.303, 3);
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.571, 2);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228, 3);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042, 3);
    expect(studentTQuantile(0.8, 20)).toBeCloseTo(0.860, 3);
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(1.96, 2);
    expect(studentTQuantile(0.975, 0)).toBeNaN();
  });

  it('lag1Autocorrelation and effectiveSampleSize', () => {
    expect(lag1Autocorrelation([])).toBe(0);
    expect(lag1Autocorrelation([1, 1, 1, 1])).toBe(0);
    expect(lag1Autocorrelation([1, 2, 3, 4, 5])).toBeCloseTo(0.4, 10); // Σ(d_i d_{i+1}) = 4, Σd² = 10
    expect(lag1Autocorrelation([1, -1, 1, -1, 1, -1])).toBeLessThan(-0.8);
    expect(effectiveSampleSize([])).toBe(0);
    expect(effectiveSampleSize([7])).toBe(1);
    // Alternating series: negative ρ is not allowed to inflate n.
    expect(effectiveSampleSize([1, -1, 1, -1, 1, -1, 1, -1])).toBeLessThanOrEqual(8);
    // A smooth trend: strongly autocorrelated, far fewer effective samples.
    expect(effectiveSampleSize(Array.from({ length: 40 }, (_, i) => i))).toBeLessThan(5);
  });

  it('relativeChangeInterval: exact for a known case, undefined when not computable', () => {
    expect(relativeChangeInterval([1], [1, 2])).toBeUndefined();
    expect(relativeChangeInterval([0, 0, 0], [1, 2, 3])).toBeUndefined();
    const iv = relativeChangeInterval([100, 100, 100, 100], [110, 110, 110, 110])!;
    expect(iv.change).toBeCloseTo(0.1, 12);
    expect(iv.lower).toBeCloseTo(0.1, 12); // no noise: the interval collapses on the change
    expect(iv.upper).toBeCloseTo(0.1, 12);
  });

  it('threeValuedVerdict in both directions', () => {
    expect(threeValuedVerdict({ lower: -0.05, upper: 0.08 }, 0.1, 'lower')).toBe('pass');
    expect(threeValuedVerdict({ lower: 0.12, upper: 0.3 }, 0.1, 'lower')).toBe('fail');
    expect(threeValuedVerdict({ lower: 0.02, upper: 0.15 }, 0.1, 'lower')).toBe('inconclusive');
    expect(threeValuedVerdict({ lower: -0.5, upper: -0.3 }, 0.1, 'lower')).toBe('pass'); // a big improvement
    expect(threeValuedVerdict({ lower: -0.08, upper: 0.2 }, 0.1, 'higher')).toBe('pass');
    expect(threeValuedVerdict({ lower: -0.3, upper: -0.15 }, 0.1, 'higher')).toBe('fail');
    expect(threeValuedVerdict({ lower: -0.2, upper: 0.0 }, 0.1, 'higher')).toBe('inconclusive');
  });
});

/**
 * Simulated pairs of 2-minute runs at 100 requests/s (log-normal latencies, AR(1) drift between
 * seconds; see simulate.ts), P95 per 5 s window, margin 10 %, 95 % intervals. Seeded: deterministic.
 */
function verdicts(seed: number, pairs: number, scale: number, shape: Partial<RunShape> = {}): Record<MetricVerdict, number> {
  const rand = prng(seed);
  const base: RunShape = { seconds: 120, requestsPerSecond: 100, medianMs: 50, ...shape };
  const out: Record<MetricVerdict, number> = { pass: 0, fail: 0, inconclusive: 0 };
  for (let i = 0; i < pairs; i++) {
    const iv = relativeChangeInterval(windowP95s(rand, base, 5), windowP95s(rand, { ...base, scale }, 5))!;
    out[threeValuedVerdict(iv, 0.1, 'lower')]++;
  }
  return out;
}

// Each case simulates up to 24 M requests: seconds of CPU alone, far more on a shared, loaded machine.
const SLOW = 240_000;

describe('comparison on simulated A/A and A/B pairs', () => {
  it('A/A (same distribution): fail in < 1 % of 1,000 pairs', () => {
    const v = verdicts(11, 1000, 1);
    expect(v.fail).toBeLessThan(10);
    expect(v.pass).toBeGreaterThan(900); // and it is not just always "inconclusive"
  }, SLOW);

  it('+20 % P95 shift: fail in ≥ 95 % of 1,000 pairs', () => {
    expect(verdicts(22, 1000, 1.2).fail).toBeGreaterThanOrEqual(950);
  }, SLOW);

  it('a shift inside the margin (+5 %) never fails in 1,000 pairs, also with stronger drift', () => {
    expect(verdicts(33, 1000, 1.05).fail).toBe(0);
    expect(verdicts(44, 300, 1.05, { driftSd: 0.08, driftPhi: 0.9 }).fail).toBe(0);
  }, SLOW);

  it('stronger autocorrelation widens the interval instead of raising false alarms', () => {
    const v = verdicts(55, 500, 1, { driftSd: 0.08, driftPhi: 0.9 });
    expect(v.fail).toBeLessThan(5);
  }, SLOW);
});
