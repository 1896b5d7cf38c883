import { aicc } from './aicc.ts';
import { fitLine } from './least-squares.ts';

/** Where the warm-up ends and the steady state begins. */
export interface SteadyStateBoundary {
  /** Index of the first steady-state sample (0 when no warm-up was found). */
  index: number;
  /** Its time (elapsed seconds). */
  t: number;
  /** Slopes before and after the break (units per second); equal when there is no break. */
  slopeBefore: number;
  slopeAfter: number;
  /** AICc gain of the two-segment fit over one line (0 when no break was found). */
  aiccGain: number;
}

/**
 * Finds the warm-up / steady-state boundary as the break of a continuous two-segment ("hinge")
 * regression y = a + b₁·t + b₂·max(0, t − τ), trying every sample as τ (prefix sums make each try
 * O(1)), and keeps it only if it beats one straight line by at least `minGain` AICc units (a
 * Δ > 10 is "essentially no support" for the worse model, Burnham & Anderson §2.6). The tail
 * keeps at least `minTailFraction` of the points (default half): a warm-up is a beginning, and a
 * late break is more often a step of Postgres's multi-page relation extension than a new regime.
 */
export function findSteadyState(t: ArrayLike<number>, y: ArrayLike<number>, minTailFraction = 0.5, minGain = 10): SteadyStateBoundary {
  const n = t.length;
  const line = fitLine(t, y);
  const none: SteadyStateBoundary = { index: 0, t: n > 0 ? t[0]! : 0, slopeBefore: line.slope, slopeAfter: line.slope, aiccGain: 0 };
  if (n < 12) return none;
  const t0 = t[0]!;
  const span = t[n - 1]! - t0;
  if (!(span > 0)) return none;
  let ym = 0;
  for (let i = 0; i < n; i++) ym += y[i]!;
  ym /= n;
  let ysd = 0;
  for (let i = 0; i < n; i++) ysd += (y[i]! - ym) ** 2;
  ysd = Math.sqrt(ysd / n) || 1;
  const u = Float64Array.from({ length: n }, (_, i) => (t[i]! - t0) / span);
  const v = Float64Array.from({ length: n }, (_, i) => (y[i]! - ym) / ysd);
  // Suffix sums over i ≥ j of u, u², v, u·v, and the count.
  const su = new Float64Array(n + 1);
  const suu = new Float64Array(n + 1);
  const sv = new Float64Array(n + 1);
  const suv = new Float64Array(n + 1);
  for (let i = n - 1; i >= 0; i--) {
    su[i] = su[i + 1]! + u[i]!;
    suu[i] = suu[i + 1]! + u[i]! * u[i]!;
    sv[i] = sv[i + 1]! + v[i]!;
    suv[i] = suv[i + 1]! + u[i]! * v[i]!;
  }
  const Su = su[0]!;
  const Suu = suu[0]!;
  const Sv = sv[0]!;
  const Suv = suv[0]!;
  let Svv = 0;
  for (let i = 0; i < n; i++) Svv += v[i]! * v[i]!;
  const lineRss = Math.max(line.rss / (ysd * ysd), 1e-18 * n);

  const minLead = Math.max(3, Math.floor(0.05 * n));
  const maxIndex = n - Math.max(6, Math.ceil(minTailFraction * n));
  let best = { j: -1, rss: Infinity };
  for (let j = minLead; j <= maxIndex; j++) {
    const tau = u[j]!;
    const m = n - j; // points with h = u − τ ≥ 0 (h = 0 at j itself)
    const Sh = su[j]! - m * tau;
    const Shh = suu[j]! - 2 * tau * su[j]! + m * tau * tau;
    const Suh = suu[j]! - tau * su[j]!;
    const Shv = suv[j]! - tau * sv[j]!;
    // Normal equations for [a, b1, b2] with regressors [1, u, h].
    const rss = solve3Rss(n, Su, Sh, Suu, Suh, Shh, Sv, Suv, Shv, Svv);
    if (rss < best.rss) best = { j, rss };
  }
  if (best.j < 0) return none;
  const gain = aicc(lineRss, n, 3) - aicc(Math.max(best.rss, 1e-18 * n), n, 5);
  if (!(gain >= minGain)) return { ...none, aiccGain: Math.max(0, gain) };
  const j = best.j;
  const before = fitLine(Array.prototype.slice.call(t, 0, j + 1) as number[], Array.prototype.slice.call(y, 0, j + 1) as number[]);
  const after = fitLine(Array.prototype.slice.call(t, j) as number[], Array.prototype.slice.call(y, j) as number[]);
  return { index: j, t: t[j]!, slopeBefore: before.slope, slopeAfter: after.slope, aiccGain: gain };
}

/** RSS of the least-squares solution of the 3×3 normal equations (Cramer's rule). */
function solve3Rss(n: number, Su: number, Sh: number, Suu: number, Suh: number, Shh: number, Sv: number, Suv: number, Shv: number, Svv: number): number {
  const a11 = n, a12 = Su, a13 = Sh, a22 = Suu, a23 = Suh, a33 = Shh;
  const det = a11 * (a22 * a33 - a23 * a23) - a12 * (a12 * a33 - a23 * a13) + a13 * (a12 * a23 - a22 * a13);
  if (!(Math.abs(det) > 1e-14)) return Infinity;
  const b1 = Sv, b2 = Suv, b3 = Shv;
  const x1 = (b1 * (a22 * a33 - a23 * a23) - a12 * (b2 * a33 - a23 * b3) + a13 * (b2 * a23 - a22 * b3)) / det;
  const x2 = (a11 * (b2 * a33 - b3 * a23) - b1 * (a12 * a33 - a23 * a13) + a13 * (a12 * b3 - b2 * a13)) / det;
  const x3 = (a11 * (a22 * b3 - a23 * b2) - a12 * (a12 * b3 - b2 * a13) + b1 * (a12 * a23 - a22 * a13)) / det;
  // RSS = Σv² − xᵀb for the least-squares solution.
  return Math.max(0, Svv - (x1 * b1 + x2 * b2 + x3 * b3));
}
