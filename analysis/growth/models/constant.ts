import type { ModelFit } from './model-fit.ts';

/** Constant model y = c (the mean): what a table that does not grow looks like. */
export function fitConstant(t: ArrayLike<number>, y: ArrayLike<number>): ModelFit | null {
  const n = y.length;
  if (n < 1) return null;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i]! - mean) ** 2;
  void t;
  return { model: 'constant', params: { c: mean }, k: 2, rss, n, predict: () => mean, limit: mean };
}
