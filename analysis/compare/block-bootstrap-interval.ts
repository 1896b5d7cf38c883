/**
 * Interval of the relative change of a pooled trend statistic (P95 of the whole measured window,
 * say) between a baseline and a result, by a circular block bootstrap over time units: each side is
 * resampled independently, as ⌈n / b⌉ blocks of b consecutive seconds drawn with replacement (wrapping
 * at the end, so every second is equally likely), the resampled seconds are pooled, the statistic is
 * taken, and the ratio current / baseline is formed; the percentile interval of those ratios at the
 * requested confidence is the interval. Blocks keep the second-to-second dependence (drift, GC,
 * neighbours) inside each piece, so the spread reflects it; raw requests are never the unit.
 * Künsch (1989), Politis & Romano (1992) "A circular block-resampling procedure for stationary data".
 * Deterministic: a seeded PRNG per metric, so a pair of files always gives the same verdict.
 */
import { circularBlockLength } from './circular-block-length.ts';
import { normalQuantile } from '../normal-quantile.ts';
import type { PooledHistogramTable, TrendStatistic, UnitRanges } from './pooled-histogram-table.ts';
import { seededPrng } from '../seeded-prng.ts';

/** Default resamples per side: the 2.5 % / 97.5 % quantiles then rest on 50 draws each. */
export const DEFAULT_RESAMPLES = 2000;

/** The bootstrap's answer for one metric. */
export interface BootstrapInterval {
  /** Whole-run statistic of each side (pooled histogram). */
  baseline: number;
  current: number;
  /** current / baseline − 1, and its percentile interval. */
  change: number;
  lower: number;
  upper: number;
  /** Smallest relative change this spread detects with 80 % power at this confidence. */
  minimumDetectableEffect: number;
  /** Units resampled, block length (s) and blocks per resample, per side. */
  seconds: { baseline: number; current: number };
  blockSec: { baseline: number; current: number };
  blocks: { baseline: number; current: number };
  resamples: number;
}

/** Options of the bootstrap. */
export interface BootstrapOptions {
  confidence: number;
  resamples?: number;
  seed: number;
}

/** One side's bootstrap: its whole-run statistic and the log statistic of each resample (NaN: no sample). */
export interface BootstrapDraws {
  point: number;
  logDraws: Float64Array;
  /** Seconds resampled, block length in seconds, blocks per resample. */
  seconds: number;
  blockSec: number;
  blocks: number;
}

/** Draws one resample's ranges into `r`: blocks wrap at the end of the run; the last is cut to fill n units exactly. */
function drawRanges(r: UnitRanges, n: number, block: number, rand: () => number): UnitRanges {
  r.n = 0;
  for (let left = n; left > 0; left -= block) {
    const start = Math.floor(rand() * n);
    const end = start + Math.min(block, left);
    r.bounds[2 * r.n] = start;
    r.bounds[2 * r.n + 1] = Math.min(end, n);
    r.n++;
    if (end > n) {
      r.bounds[2 * r.n] = 0;
      r.bounds[2 * r.n + 1] = end - n;
      r.n++;
    }
  }
  return r;
}

/**
 * Resamples one side: the block length comes from the autocorrelation of the statistic's per-second
 * influence and of the per-second mean (circular-block-length.ts). Each side has its own seeded stream, so a baseline's draws
 * are the same whatever it is compared with (and can be reused across comparisons).
 */
export function bootstrapDraws(table: PooledHistogramTable, stat: TrendStatistic, seed: number, resamples = DEFAULT_RESAMPLES): BootstrapDraws {
  // The drift that makes seconds dependent (GC, cache, neighbours) moves the whole distribution; the
  // per-second mean shows it through far less sampling noise than a 5 % tail does, so the longer of
  // the two block lengths is used: blocks too short make the interval too narrow, never too wide.
  const block = Math.max(circularBlockLength(table.influence(stat)), stat.kind === 'mean' ? 1 : circularBlockLength(table.influence({ kind: 'mean' })));
  const blocks = Math.ceil(table.units / block);
  const ranges: UnitRanges = { bounds: new Int32Array(4 * blocks), n: 0 };
  const rand = seededPrng(seed);
  const logDraws = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) {
    const v = table.statistic(stat, drawRanges(ranges, table.units, block, rand));
    logDraws[i] = v > 0 ? Math.log(v) : Number.NaN;
  }
  return { point: table.wholeRun(stat), logDraws, seconds: table.units * table.unitSec, blockSec: block * table.unitSec, blocks };
}

/** Quantile q (0..1) of sorted values, linear interpolation between order statistics. */
function sortedQuantile(sorted: Float64Array, q: number): number {
  const i = q * (sorted.length - 1);
  const lo = Math.floor(i);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

/**
 * The percentile interval of current / baseline − 1 from the two sides' draws (paired by index:
 * independent streams, so any pairing is a valid draw of the ratio), or why it cannot be formed.
 */
export function relativeChangeFromDraws(b: BootstrapDraws, c: BootstrapDraws, confidence: number): BootstrapInterval | { reason: string } {
  if (!(b.point > 0) || !(c.point > 0)) return { reason: `the ${!(b.point > 0) ? 'baseline' : 'result'} statistic is not positive, so no relative change exists` };
  const resamples = Math.min(b.logDraws.length, c.logDraws.length);
  const logRatios = new Float64Array(resamples);
  let valid = 0;
  for (let i = 0; i < resamples; i++) {
    const d = c.logDraws[i]! - b.logDraws[i]!;
    if (!Number.isNaN(d)) logRatios[valid++] = d;
  }
  // A resample without samples has no statistic; when that is common the data are too sparse to judge.
  if (valid < 0.9 * resamples) return { reason: `too sparse: ${resamples - valid} of ${resamples} resamples held no sample or a zero statistic` };
  const sorted = logRatios.subarray(0, valid).sort();
  const alpha = 1 - confidence;
  const lowerLog = sortedQuantile(sorted, alpha / 2);
  const upperLog = sortedQuantile(sorted, 1 - alpha / 2);
  // Half-width of the interval as a normal-equivalent standard error of the log ratio, then the shift
  // an interval this wide excludes with 80 % power: MDE = exp((z₁₋α/₂ + z₀.₈) · se) − 1.
  const z = normalQuantile(1 - alpha / 2);
  const seLog = (upperLog - lowerLog) / (2 * z);
  return {
    baseline: b.point,
    current: c.point,
    change: c.point / b.point - 1,
    lower: Math.exp(lowerLog) - 1,
    upper: Math.exp(upperLog) - 1,
    minimumDetectableEffect: Math.exp((z + normalQuantile(0.8)) * seLog) - 1,
    seconds: { baseline: b.seconds, current: c.seconds },
    blockSec: { baseline: b.blockSec, current: c.blockSec },
    blocks: { baseline: b.blocks, current: c.blocks },
    resamples,
  };
}

/** The result side's seed for a comparison's seed (the baseline side uses the seed itself). */
export function resultSideSeed(seed: number): number {
  return (seed ^ 0x9e3779b9) >>> 0;
}

/**
 * The bootstrap interval of the relative change of `stat`, or why it cannot be formed (a side whose
 * statistic is not positive, or too sparse for most resamples to hold a sample).
 * Edge cases first: a side with fewer than 2 units (seconds) cannot be resampled.
 */
export function blockBootstrapInterval(baseline: PooledHistogramTable, current: PooledHistogramTable, stat: TrendStatistic, opts: BootstrapOptions): BootstrapInterval | { reason: string } {
  if (baseline.units < 2 || current.units < 2) return { reason: `too short to resample (baseline ${baseline.units} s, result ${current.units} s; need ≥ 2 s each)` };
  // Independent streams per side: the baseline's resamples do not depend on the result.
  const b = bootstrapDraws(baseline, stat, opts.seed, opts.resamples);
  const c = bootstrapDraws(current, stat, resultSideSeed(opts.seed), opts.resamples);
  return relativeChangeFromDraws(b, c, opts.confidence);
}
