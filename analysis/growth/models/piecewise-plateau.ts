import { fitLine } from '../least-squares.ts';
import type { ModelFit } from './model-fit.ts';

/**
 * Piecewise linear with plateau y = a + b·min(t − t₀, τ): rises linearly until τ seconds after
 * the start, then stays flat at a + b·τ (a table that grows until retention starts deleting).
 * Every sample time is tried as the break; prefix sums make each try O(1).
 */
export function fitPiecewisePlateau(t: ArrayLike<number>, y: ArrayLike<number>): ModelFit | null {
  const n = t.length;
  if (n < 5) return null;
  const t0 = t[0]!;
  const span = t[n - 1]! - t0;
  if (!(span > 0)) return null;
  let ym = 0;
  for (let i = 0; i < n; i++) ym += y[i]!;
  ym /= n;
  // Scaled copies keep the sums well conditioned for byte counts in the 10¹⁰ range.
  const u = Float64Array.from({ length: n }, (_, i) => (t[i]! - t0) / span);
  const v = Float64Array.from({ length: n }, (_, i) => y[i]! - ym);
  const pu = new Float64Array(n + 1);
  const puu = new Float64Array(n + 1);
  const puv = new Float64Array(n + 1);
  const pv = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    pu[i + 1] = pu[i]! + u[i]!;
    puu[i + 1] = puu[i]! + u[i]! * u[i]!;
    puv[i + 1] = puv[i]! + u[i]! * v[i]!;
    pv[i + 1] = pv[i]! + v[i]!;
  }
  let syy = 0;
  for (let i = 0; i < n; i++) syy += v[i]! * v[i]!;
  let bestJ = n - 1;
  let bestRss = Infinity;
  for (let j = 1; j < n; j++) {
    const tb = u[j]!;
    const rest = n - j - 1;
    const sx = pu[j + 1]! + rest * tb;
    const sxx = puu[j + 1]! + rest * tb * tb;
    const sxy = puv[j + 1]! + tb * (pv[n]! - pv[j + 1]!);
    const cxx = sxx - (sx * sx) / n;
    const cxy = sxy; // Σv = 0, so the centred cross term is the raw one
    const rss = cxx > 0 ? syy - (cxy * cxy) / cxx : syy;
    if (rss < bestRss) {
      bestRss = rss;
      bestJ = j;
    }
  }
  const tau = t[bestJ]! - t0;
  const x = Float64Array.from({ length: n }, (_, i) => Math.min(t[i]! - t0, tau));
  const { intercept: a, slope: b, rss } = fitLine(x, y);
  // A plateau of one or two points is noise at the end of a rise, not a level the table reached.
  const reached = n - 1 - bestJ >= Math.max(3, 0.1 * n);
  return {
    model: 'piecewise-plateau',
    params: { a, b, tau, t0 },
    // The break is picked from n candidates, so it is charged as two parameters, not one: with
    // one, pure noise picks a spurious plateau over the constant model about one time in seven.
    k: 5,
    rss,
    n,
    predict: (tt) => a + b * Math.min(Math.max(0, tt - t0), tau),
    limit: reached ? a + b * tau : b === 0 ? a : null,
  };
}
