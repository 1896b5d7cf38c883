import { normalQuantile } from '../normal-quantile.ts';

/**
 * Quantile function of Student's t distribution with `df` degrees of freedom, by the Cornish-Fisher
 * expansion around the normal quantile (Abramowitz & Stegun 26.7.5); error < 1e-3 for df ≥ 3, and
 * for df < 3 the value is computed exactly (df 1: Cauchy, df 2: closed form).
 * https://en.wikipedia.org/wiki/Student%27s_t-distribution
 * Edge cases first: df ≤ 0 or NaN → NaN; df = Infinity → the normal quantile.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(df > 0) || Number.isNaN(p)) return Number.NaN;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (df === Infinity) return normalQuantile(p);
  if (df < 1.5) return Math.tan(Math.PI * (p - 0.5));
  if (df < 3) {
    const a = 4 * p * (1 - p);
    return (2 * p - 1) * Math.sqrt(2 / a);
  }
  const z = normalQuantile(p);
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  const z9 = z ** 9;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  );
}
