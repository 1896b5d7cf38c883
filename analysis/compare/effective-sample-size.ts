import { lag1Autocorrelation } from './lag1-autocorrelation.ts';

/**
 * Effective sample size of the mean of an AR(1)-like series: n·(1−ρ)/(1+ρ), with ρ the lag-1
 * autocorrelation, clamped to [0, 0.9] — negative ρ is treated as 0 (never claim more information
 * than there are windows), and the cap keeps a short noisy series from collapsing to ~0.
 * https://en.wikipedia.org/wiki/Effective_sample_size (autocorrelated series)
 * Edge cases first: empty → 0; one value → 1.
 */
export function effectiveSampleSize(xs: readonly number[]): number {
  const n = xs.length;
  if (n <= 1) return n;
  // r₁ of a short series is biased low by about (1+4ρ)/n; adding 1/n back is the simplest correction.
  const rho = Math.min(0.9, Math.max(0, lag1Autocorrelation(xs) + 1 / n));
  return Math.max(1, (n * (1 - rho)) / (1 + rho));
}
