import { fitLine } from '../least-squares.ts';
import type { ModelFit } from './model-fit.ts';

/** Linear model y = a + b·t (b in units per second): a steady leak. */
export function fitLinear(t: ArrayLike<number>, y: ArrayLike<number>): ModelFit | null {
  const n = t.length;
  if (n < 2) return null;
  const { intercept: a, slope: b, rss } = fitLine(t, y);
  return { model: 'linear', params: { a, b }, k: 3, rss, n, predict: (x) => a + b * x, limit: b === 0 ? a : null };
}
