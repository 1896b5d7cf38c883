import { normalCdf, normalQuantile } from './normal.ts';

/** Result of the Mann-Kendall trend test. */
export interface MannKendall {
  n: number;
  /** Kendall's S: concordant minus discordant pairs in time order. */
  s: number;
  /** Var(S) with ties, before the autocorrelation correction. */
  varS: number;
  /** Hamed-Rao variance inflation n/n*; 1 means no autocorrelation found. */
  correction: number;
  z: number;
  /** Two-sided p-value after the correction. */
  p: number;
}

function ranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k]!] = avg;
    i = j + 1;
  }
  return r;
}

/**
 * Mann-Kendall trend test with the Hamed & Rao (1998) variance correction for autocorrelated
 * data: the autocorrelations of the ranks of the detrended series (detrended with the given
 * Theil–Sen slope per index step) that are significant at `alpha` inflate Var(S) by
 * n/n* = 1 + 2/(n(n−1)(n−2))·Σ(n−k)(n−k−1)(n−k−2)ρ_k (floored at 1). O(n²): call it on ≤ ~500 points.
 * https://doi.org/10.1016/S0022-1694(97)00125-X
 */
export function mannKendallHamedRao(y: ArrayLike<number>, slopePerStep: number, alpha = 0.05): MannKendall {
  const n = y.length;
  if (n < 3) return { n, s: 0, varS: 0, correction: 1, z: 0, p: 1 };
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const yi = y[i]!;
    for (let j = i + 1; j < n; j++) s += Math.sign(y[j]! - yi);
  }
  const sorted = Float64Array.from(y).sort();
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && sorted[j + 1] === sorted[i]) j++;
    const tcount = j - i + 1;
    if (tcount > 1) tieTerm += tcount * (tcount - 1) * (2 * tcount + 5);
    i = j + 1;
  }
  const varS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  if (varS <= 0) return { n, s, varS, correction: 1, z: 0, p: 1 };

  const detrended = Float64Array.from({ length: n }, (_, i) => y[i]! - slopePerStep * i);
  const r = ranks(detrended);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += r[i]!;
  mean /= n;
  let c0 = 0;
  for (let i = 0; i < n; i++) c0 += (r[i]! - mean) ** 2;
  let sum = 0;
  if (c0 > 0) {
    const bound = normalQuantile(1 - alpha / 2) / Math.sqrt(n);
    for (let k = 1; k < n - 2; k++) {
      let ck = 0;
      for (let i = 0; i + k < n; i++) ck += (r[i]! - mean) * (r[i + k]! - mean);
      const rho = ck / c0;
      if (Math.abs(rho) > bound) sum += (n - k) * (n - k - 1) * (n - k - 2) * rho;
    }
  }
  // Only ever inflate the variance: on white noise a few lags pass the significance bound by
  // chance, and negative ones would shrink Var(S) and make noise look like a trend.
  const correction = Math.max(1, 1 + (2 / (n * (n - 1) * (n - 2))) * sum);
  const v = varS * correction;
  const z = s > 0 ? (s - 1) / Math.sqrt(v) : s < 0 ? (s + 1) / Math.sqrt(v) : 0;
  return { n, s, varS, correction, z, p: 2 * (1 - normalCdf(Math.abs(z))) };
}
