import { fitLine } from '../least-squares.ts';
import { meanSpacing, type ModelFit } from './model-fit.ts';

/**
 * Logarithmic model y = a + b·ln(1 + (t − t₀)/s), with t₀ the first sample time and s the mean
 * sampling interval (so on samples at t = 1, 2, 3… it is the textbook y = a + b·ln t).
 * Grows without limit, ever more slowly.
 */
export function fitLogarithmic(t: ArrayLike<number>, y: ArrayLike<number>): ModelFit | null {
  const n = t.length;
  if (n < 3) return null;
  const t0 = t[0]!;
  const s = meanSpacing(t);
  const x = Float64Array.from({ length: n }, (_, i) => Math.log(1 + (t[i]! - t0) / s));
  const { intercept: a, slope: b, rss } = fitLine(x, y);
  return {
    model: 'logarithmic',
    params: { a, b, t0, s },
    k: 3,
    rss,
    n,
    predict: (tt) => a + b * Math.log(1 + Math.max(0, tt - t0) / s),
    limit: b === 0 ? a : null,
  };
}
