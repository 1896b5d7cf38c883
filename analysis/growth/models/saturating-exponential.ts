import { fitShapeParameter, residualSumOfSquares, type ModelFit } from './model-fit.ts';

/**
 * Saturating exponential y = a + b·(1 − e^{−(t − t₀)/τ}): grows by b and levels off at a + b with
 * time constant τ (how a table fills until retention or reuse of free space catches up).
 * τ is searched on a log grid from the sampling interval to 20× the span.
 */
export function fitSaturatingExponential(t: ArrayLike<number>, y: ArrayLike<number>): ModelFit | null {
  const n = t.length;
  if (n < 4) return null;
  const t0 = t[0]!;
  const span = t[n - 1]! - t0;
  if (!(span > 0)) return null;
  const minTau = Math.max(span / (n - 1) / 2, span / 1000);
  const maxTau = span * 20;
  const grid: number[] = [];
  const steps = 32;
  for (let i = 0; i <= steps; i++) grid.push(minTau * (maxTau / minTau) ** (i / steps));
  const best = fitShapeParameter(t, y, grid, (tt, tau) => 1 - Math.exp(-(tt - t0) / tau));
  const { a, b, theta: tau } = best;
  const predict = (tt: number) => a + b * (1 - Math.exp(-Math.max(0, tt - t0) / tau));
  return { model: 'saturating-exponential', params: { a, b, tau, t0 }, k: 4, rss: residualSumOfSquares(t, y, predict), n, predict, limit: a + b };
}
