/**
 * Lag-1 sample autocorrelation r₁ = Σ(xᵢ−x̄)(xᵢ₊₁−x̄) / Σ(xᵢ−x̄)² of a series in time order.
 * https://en.wikipedia.org/wiki/Autocorrelation#Estimation
 * Edge cases first: fewer than 3 values, or no variance → 0.
 */
export function lag1Autocorrelation(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 3) return 0;
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - mean;
    den += d * d;
    if (i + 1 < n) num += d * (xs[i + 1]! - mean);
  }
  return den === 0 ? 0 : num / den;
}
