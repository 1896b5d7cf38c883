import { fitShapeParameter, meanSpacing, residualSumOfSquares, type ModelFit } from './model-fit.ts';

/**
 * Power model y = a + b·u^c with u = 1 + (t − t₀)/s (s the mean sampling interval, so on samples
 * at t = 1, 2, 3… u = t and this is the textbook y = a + b·t^c). c is searched in [0.05, 4]:
 * c < 1 is sub-linear growth, c > 1 accelerating growth; either way without limit.
 */
export function fitPower(t: ArrayLike<number>, y: ArrayLike<number>): ModelFit | null {
  const n = t.length;
  if (n < 4) return null;
  const t0 = t[0]!;
  const s = meanSpacing(t);
  const grid: number[] = [];
  for (let c = 0.05; c <= 4.0001; c += 0.1) grid.push(c);
  const best = fitShapeParameter(t, y, grid, (tt, c) => (1 + (tt - t0) / s) ** c);
  const { a, b, theta: c } = best;
  const predict = (tt: number) => a + b * (1 + Math.max(0, tt - t0) / s) ** c;
  return { model: 'power', params: { a, b, c, t0, s }, k: 4, rss: residualSumOfSquares(t, y, predict), n, predict, limit: b === 0 ? a : null };
}
