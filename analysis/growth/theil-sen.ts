import { normalQuantile } from './normal.ts';
import { selectKth } from './select-kth.ts';

/** Theil–Sen slope with Sen's confidence interval. */
export interface TheilSen {
  /** Median of pairwise slopes (units per unit of t). */
  slope: number;
  lower: number;
  upper: number;
  intercept: number;
}

/**
 * Theil–Sen estimator: the median of the slopes of all pairs with distinct t, intercept the
 * median of y − slope·t; confidence interval by Sen (1968): the order statistics of the pairwise
 * slopes at (N ∓ z·√Var(S))/2, with Var(S) the Mann-Kendall variance (pass the autocorrelation-
 * corrected one to widen the interval for dependent data). O(n²) pairs: call it on ≤ ~500 points.
 * https://en.wikipedia.org/wiki/Theil%E2%80%93Sen_estimator
 */
export function theilSen(t: ArrayLike<number>, y: ArrayLike<number>, varS: number, confidence = 0.95): TheilSen {
  const n = t.length;
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let m = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const dt = t[j]! - t[i]!;
      if (dt !== 0) slopes[m++] = (y[j]! - y[i]!) / dt;
    }
  }
  if (m === 0) return { slope: Number.NaN, lower: Number.NaN, upper: Number.NaN, intercept: Number.NaN };
  const pairs = slopes.subarray(0, m);
  const median = (v: Float64Array) =>
    v.length % 2 === 1 ? selectKth(v, (v.length - 1) / 2) : (selectKth(v, v.length / 2 - 1) + selectKth(v, v.length / 2)) / 2;
  const slope = median(pairs);
  const c = normalQuantile(1 - (1 - confidence) / 2) * Math.sqrt(Math.max(varS, 0));
  const lo = Math.max(0, Math.floor((m - c) / 2) - 1);
  const hi = Math.min(m - 1, Math.ceil((m + c) / 2));
  const lower = selectKth(pairs, lo);
  const upper = selectKth(pairs, hi);
  const resid = Float64Array.from({ length: n }, (_, i) => y[i]! - slope * t[i]!);
  return { slope, lower, upper, intercept: median(resid) };
}
