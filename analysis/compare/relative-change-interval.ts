import { effectiveSampleSize } from './effective-sample-size.ts';
import { studentTQuantile } from './student-t-quantile.ts';

/** The relative change of the mean window statistic, with its confidence interval and detectable effect. */
export interface RelativeChangeInterval {
  /** mean(current)/mean(baseline) − 1. */
  change: number;
  lower: number;
  upper: number;
  /** Standard error of the log ratio. */
  seLog: number;
  /** Welch–Satterthwaite degrees of freedom from the effective sample sizes. */
  df: number;
  /** Effective sample sizes (windows, discounted for autocorrelation). */
  nEffBaseline: number;
  nEffCurrent: number;
  /** Smallest relative change this noise detects with 80 % power at this confidence (two-sided). */
  minimumDetectableEffect: number;
}

function meanVar(xs: readonly number[]): { mean: number; variance: number } {
  let mean = 0;
  for (const x of xs) mean += x;
  mean /= xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return { mean, variance: xs.length > 1 ? ss / (xs.length - 1) : 0 };
}

/**
 * Confidence interval of the relative change between two means of per-window statistics (e.g. the
 * P95 of each 5 s window), by the delta method on the log of the ratio of means with a Welch t
 * quantile, where each side's n is its effective sample size (autocorrelation-discounted).
 * Windows, not raw requests, are the units: requests within a second are not independent.
 * https://en.wikipedia.org/wiki/Delta_method , https://en.wikipedia.org/wiki/Welch%27s_t-test
 * Edge cases first: fewer than 2 windows on a side, or a non-positive mean → undefined (not comparable).
 */
export function relativeChangeInterval(baseline: readonly number[], current: readonly number[], confidence = 0.95): RelativeChangeInterval | undefined {
  if (baseline.length < 2 || current.length < 2) return undefined;
  const b = meanVar(baseline);
  const c = meanVar(current);
  if (!(b.mean > 0) || !(c.mean > 0)) return undefined;
  const nb = effectiveSampleSize(baseline);
  const nc = effectiveSampleSize(current);
  const vb = b.variance / (nb * b.mean ** 2);
  const vc = c.variance / (nc * c.mean ** 2);
  const se = Math.sqrt(vb + vc);
  const df = se === 0 ? Infinity : (vb + vc) ** 2 / ((nb > 1 ? vb ** 2 / (nb - 1) : 0) + (nc > 1 ? vc ** 2 / (nc - 1) : 0) || Number.EPSILON);
  const t = studentTQuantile(1 - (1 - confidence) / 2, Math.max(1, df));
  const logRatio = Math.log(c.mean / b.mean);
  const tPower = studentTQuantile(0.8, Math.max(1, df));
  return {
    change: Math.exp(logRatio) - 1,
    lower: Math.exp(logRatio - t * se) - 1,
    upper: Math.exp(logRatio + t * se) - 1,
    seLog: se,
    df,
    nEffBaseline: nb,
    nEffCurrent: nc,
    minimumDetectableEffect: Math.exp((t + tPower) * se) - 1,
  };
}
