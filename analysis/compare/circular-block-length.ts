/**
 * Block length (in units) for a circular block bootstrap of a statistic whose per-unit influence
 * series is `influence`, by Politis & White's automatic rule with the flat-top lag window:
 * b = (3n/2)^(1/3) · (G / g)^(2/3), where g = Σ λ(k/M)·R(k) is the long-run variance and
 * G = Σ λ(k/M)·|k|·R(k), R the sample autocovariance and M twice the first lag after which
 * K_N autocorrelations in a row are insignificant (|r| < 2·√(log₁₀ n / n)).
 * Politis & White (2004), "Automatic block-length selection for the dependent bootstrap",
 * Econometric Reviews 23(1); Patton, Politis & White (2009) correction (circular: D = 4/3 · g²).
 * The full autocorrelation, not just lag 1, matters here: an influence series is mostly independent
 * sampling noise plus a slow drift, so r₁ is small while correlation lingers for many lags, and an
 * AR(1) reading of r₁ alone picks blocks far too short (the interval then comes out too narrow).
 * The block is at least 1 unit and at most n / MIN_BLOCKS, so a resample is always cut into at
 * least that many pieces. Edge cases first: fewer than 3 units, or no variance → 1.
 */
export function circularBlockLength(influence: ArrayLike<number>): number {
  const n = influence.length;
  if (n < 3) return 1;
  const cap = Math.max(1, Math.floor(n / MIN_BLOCKS));
  const kn = Math.max(5, Math.ceil(Math.sqrt(Math.log10(n))));
  const maxLag = Math.min(n - 1, Math.ceil(Math.sqrt(n)) + kn);
  const acv = autocovariances(influence, maxLag);
  if (!(acv[0]! > 0)) return 1;
  const threshold = 2 * Math.sqrt(Math.log10(n) / n);
  let m = maxLag;
  for (let lag = 1, run = 0; lag <= maxLag; lag++) {
    run = Math.abs(acv[lag]! / acv[0]!) < threshold ? run + 1 : 0;
    if (run >= kn) {
      m = lag - kn;
      break;
    }
  }
  const big = Math.min(2 * Math.max(m, 1), maxLag);
  let g = acv[0]!;
  let bigG = 0;
  for (let k = 1; k <= big; k++) {
    const w = flatTop(k / big);
    g += 2 * w * acv[k]!;
    bigG += 2 * w * k * acv[k]!;
  }
  if (!(g > 0) || !(bigG > 0)) return 1;
  const b = Math.cbrt(1.5 * n) * Math.pow(bigG / g, 2 / 3);
  return Math.max(1, Math.min(cap, Math.round(b)));
}

/** Fewest blocks a resample is cut into. */
export const MIN_BLOCKS = 5;

/** Politis–Romano flat-top (trapezoid) lag window. */
function flatTop(t: number): number {
  const a = Math.abs(t);
  return a <= 0.5 ? 1 : a <= 1 ? 2 * (1 - a) : 0;
}

/** Sample autocovariances R(0..maxLag) (divisor n). */
function autocovariances(xs: ArrayLike<number>, maxLag: number): Float64Array {
  const n = xs.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i]!;
  mean /= n;
  const out = new Float64Array(maxLag + 1);
  for (let k = 0; k <= maxLag; k++) {
    let s = 0;
    for (let i = 0; i + k < n; i++) s += (xs[i]! - mean) * (xs[i + k]! - mean);
    out[k] = s / n;
  }
  return out;
}
