import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../analysis/normal-quantile.ts';
import { studentTQuantile } from '../../analysis/compare/student-t-quantile.ts';
import { lag1Autocorrelation } from '../../analysis/compare/lag1-autocorrelation.ts';
import { effectiveSampleSize } from '../../analysis/compare/effective-sample-size.ts';
import { relativeChangeInterval } from '../../analysis/compare/relative-change-interval.ts';
import { threeValuedVerdict, type MetricVerdict } from '../../analysis/compare/three-valued-verdict.ts';

describe('statistical building blocks (known values)', () => {
  it('normalQuantile', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(Number.NaN)).toBeNaN();
    expect(normalQuantile(-0.1)).toBeNaN(); // no quantile outside [0, 1]
    expect(normalQuantile(1.5)).toBeNaN();
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
