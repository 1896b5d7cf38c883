import { binMeans } from './downsample.ts';
import type { GrowthOptions } from './growth-options.ts';
import { mannKendallHamedRao } from './mann-kendall.ts';
import type { ModelName } from './models/model-fit.ts';
import { selectModel, type ModelSelection } from './select-model.ts';
import { findSteadyState } from './steady-state.ts';
import { theilSen } from './theil-sen.ts';
import { formatBytes, formatDuration } from './format.ts';
import { blockMeans, detectPeriod } from './periodicity.ts';

/** The three answers issue 5 allows per relation. */
export type Verdict = 'bounded' | 'unbounded' | 'inconclusive';

/** Trend of the steady-state tail. */
export interface TailTrend {
  /** Elapsed seconds where the steady state starts. */
  startS: number;
  /** Samples in the tail (before binning). */
  points: number;
  spanS: number;
  /** Median level of the tail. */
  level: number;
  /** Theil–Sen slope and its confidence interval, units per second. */
  slopePerS: number;
  slopeLowerPerS: number;
  slopeUpperPerS: number;
  /** Length of the cycle averaged away before the trend test (seconds), or null. */
  cycleS: number | null;
  /** Mann-Kendall z and two-sided p after the Hamed-Rao correction, and that correction (n/n*). */
  mkZ: number;
  mkP: number;
  autocorrelationCorrection: number;
  /** Growth over the tail that makes a significant rise a leak (see GrowthOptions.materialBytes). */
  materialGrowth: number;
  /** Upper-bound growth over the tail that is still called bounded (see GrowthOptions.materialFraction). */
  toleratedGrowth: number;
}

/** Verdict for one series, with the evidence behind it. */
export interface SeriesJudgement {
  verdict: Verdict;
  reason: string;
  model: ModelName | null;
  modelWeight: number;
  selection: ModelSelection;
  trend: TailTrend | null;
}

/**
 * Judges one size series: fits every model to the whole series (AICc), finds the warm-up /
 * steady-state boundary, tests the tail's trend (Mann-Kendall with Hamed-Rao correction,
 * Theil–Sen slope with CI) and decides bounded / unbounded / inconclusive:
 * unbounded when the tail rises significantly (Mann-Kendall p < α) by at least materialBytes (Theil–Sen), unless
 * the tail's models, weight-averaged, predict less than materialBytes over another tail-long window; inconclusive
 * when too short, or when the slope's upper bound allows growth ≥ materialFraction of the level;
 * bounded otherwise.
 */
export function judgeSeries(t: Float64Array, y: Float64Array, opts: GrowthOptions, liveRows?: Float64Array): SeriesJudgement {
  const n = t.length;
  const empty: ModelSelection = { best: null, ranked: [] };
  if (n < opts.minPoints) {
    return { verdict: 'inconclusive', reason: `only ${n} samples (at least ${opts.minPoints} are needed to judge a trend).`, model: null, modelWeight: 0, selection: empty, trend: null };
  }
  const span = t[n - 1]! - t[0]!;
  if (!(span > 0)) {
    return { verdict: 'inconclusive', reason: 'all samples share one timestamp.', model: null, modelWeight: 0, selection: empty, trend: null };
  }
  const fitSeries = binMeans(t, y, opts.maxFitPoints);
  const selection = selectModel(fitSeries.t, fitSeries.y);
  const best = selection.best;
  const model = best?.fit.model ?? null;
  const modelWeight = best?.weight ?? 0;

  const boundary = findSteadyState(fitSeries.t, fitSeries.y);
  let start = 0;
  while (start < n && t[start]! < boundary.t) start++;
  const tailT = t.subarray(start);
  const tailY = y.subarray(start);
  if (tailT.length < opts.minTailPoints) {
    return { verdict: 'inconclusive', reason: `the steady state (from ${formatDuration(boundary.t)}) has only ${tailT.length} samples.`, model, modelWeight, selection, trend: null };
  }
  const binned = binMeans(tailT, tailY, opts.maxTrendPoints);
  // A cycle (grow, then cut back) would dominate the pairwise slopes; average whole cycles away first.
  const period = detectPeriod(binned.y);
  const tail = period ? blockMeans(binned.t, binned.y, period) : binned;
  const tailSpan = tailT[tailT.length - 1]! - tailT[0]!;
  const stepBinned = meanStep(binned.t);
  const sortedTail = Float64Array.from(tailY).sort();
  const level = sortedTail[Math.floor(sortedTail.length / 2)]!;
  const material = opts.materialBytes;
  const plausible = Math.max(opts.materialBytes, opts.materialFraction * Math.abs(level));

  const { mk, ts } = trendTest(tail.t, tail.y, opts.alpha);
  const trend: TailTrend = {
    startS: tailT[0]!,
    points: tailT.length,
    spanS: tailSpan,
    level,
    slopePerS: ts.slope,
    slopeLowerPerS: ts.lower,
    slopeUpperPerS: ts.upper,
    cycleS: period ? period * stepBinned : null,
    mkZ: mk.z,
    mkP: mk.p,
    autocorrelationCorrection: mk.correction,
    materialGrowth: material,
    toleratedGrowth: plausible,
  };
  const cycle = trend.cycleS ? `, averaged over ${formatDuration(trend.cycleS)} cycles` : '';
  const evidence = `Theil–Sen ${formatBytes(ts.slope * 3600)}/h, ${Math.round((1 - opts.alpha) * 100)}% CI ${formatBytes(ts.lower * 3600)}…${formatBytes(ts.upper * 3600)}/h; Mann-Kendall p=${formatP(mk.p)}${cycle}`;
  const from = `the steady state from ${formatDuration(trend.startS)}`;
  const growth = ts.slope * tailSpan;
  const judged = (verdict: Verdict, reason: string): SeriesJudgement => ({ verdict, reason, model, modelWeight, selection, trend });

  // Significance comes from Mann-Kendall, magnitude from Theil–Sen: on page-quantised sizes most
  // pairwise slopes are exactly 0, so the slope's lower bound is often 0 even for a clear rise.
  // A rise that is levelling off is bounded, but only if the tail itself says so (a model that
  // levels off can win on the whole series: fast warm-up, then a steady leak). The tail's models,
  // averaged by Akaike weight (Burnham & Anderson §4.2), predict the growth over another window as
  // long as the tail; less than materialBytes means the rise is dying out.
  const levelsOff = () => {
    const tailModels = selectModel(tail.t, tail.y);
    const tEnd = t[n - 1]!;
    let next = 0;
    for (const m of tailModels.ranked) next += m.weight * (m.fit.predict(tEnd + tailSpan) - m.fit.predict(tEnd));
    const b = tailModels.best;
    if (!b || !(next < material)) return null;
    return judged('bounded', `it rises in ${from} (${evidence}) but levels off: the tail's models (best ${b.fit.model}, weight ${b.weight.toFixed(2)}) predict only ${formatBytes(next)} more over another ${formatDuration(tailSpan)}.`);
  };
  const bySize = (): SeriesJudgement => {
    const rising = mk.p < opts.alpha && mk.s > 0;
    if (rising && ts.slope > 0 && growth >= material) {
      return levelsOff() ?? judged('unbounded', `${from} keeps growing by ${formatBytes(growth)} over ${formatDuration(tailSpan)} (${evidence}).`);
    }
    if (mk.p < opts.alpha && mk.s < 0 && ts.slope <= 0) return judged('bounded', `${from} shrinks (${evidence}).`);
    if (ts.upper * tailSpan >= plausible) {
      const what = rising ? `rises by less than ${formatBytes(material)}, but whether it levels off cannot be told` : 'shows no significant trend';
      return (rising ? levelsOff() : null) ?? judged('inconclusive', `too noisy: ${from} ${what}; growth of up to ${formatBytes(ts.upper * tailSpan)} over ${formatDuration(tailSpan)} cannot be ruled out (${evidence}).`);
    }
    return judged('bounded', `${from} grows less than ${formatBytes(plausible)} over ${formatDuration(tailSpan)} (${evidence}).`);
  };
  const sized = bySize();
  if (sized.verdict === 'unbounded' || !liveRows) return sized;
  // Postgres extends a busy table many pages at a time, so its size can pause while rows keep
  // arriving: live rows that keep rising are a leak. But n_live_tup is an estimate: inserts and
  // deletes move it, and every (auto)vacuum or analyze replaces it with an extrapolation, so under
  // retention it wanders by several per cent of the level (±7 % over 45 s soaks), and at a heap's
  // bytes per row a few dozen rows of wander already pass materialBytes. So the rise must be
  // significant (Mann-Kendall) and material against the row level too, with confidence: the rise at
  // the slope's lower bound (Sen's interval, autocorrelation-corrected) must reach materialRowsFraction
  // of the median live rows over the tail, which also keeps a short noisy tail from passing on a
  // lucky point estimate. A real leak passes easily (a table that keeps every row rises by ≥ 2/3
  // of its median over the later half of its life); a slow leak on a table already holding many
  // rows is left to the size rule, which has hours.
  const rows = rowsTrend(tailT, liveRows.subarray(start), opts);
  if (!rows || !(rows.medianRows > 0)) return sized;
  const bytesPerRow = level / rows.medianRows;
  const rowRise = rows.slopePerS * tailSpan;
  const rowBytes = rowRise * bytesPerRow;
  const significant = rows.p < opts.alpha && rows.s > 0;
  const surelyMaterial = rows.lowerPerS * tailSpan >= opts.materialRowsFraction * rows.medianRows;
  if (significant && surelyMaterial && rowBytes >= material) {
    const share = Math.round((100 * rowRise) / rows.medianRows);
    return judged('unbounded', `its size pauses while Postgres fills pages it extended ahead, but live rows in ${from} keep rising by ${Math.round(rowRise)} (${share}% of their median ${Math.round(rows.medianRows)}) over ${formatDuration(tailSpan)} (Mann-Kendall p=${formatP(rows.p)}), about ${formatBytes(rowBytes)} at ${formatBytes(bytesPerRow)} per row.`);
  }
  return sized;
}

function formatP(p: number): string {
  return p < 0.0001 ? '<0.0001' : p.toFixed(4);
}

/** Trend of the live-row count over the tail (Theil–Sen slope with its lower bound, Mann-Kendall with Hamed-Rao), or null without rows. */
function rowsTrend(t: Float64Array, rows: Float64Array, opts: GrowthOptions): { slopePerS: number; lowerPerS: number; p: number; s: number; medianRows: number } | null {
  const ts: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (Number.isFinite(rows[i]!)) {
      ts.push(t[i]!);
      ys.push(rows[i]!);
    }
  }
  if (ys.length < opts.minTailPoints) return null;
  const binned = binMeans(ts, ys, opts.maxTrendPoints);
  const { mk, ts: slope } = trendTest(binned.t, binned.y, opts.alpha);
  const sorted = [...ys].sort((a, b) => a - b);
  return { slopePerS: slope.slope, lowerPerS: slope.lower, p: mk.p, s: mk.s, medianRows: sorted[Math.floor(sorted.length / 2)]! };
}

/** Mean spacing of the points (1 for fewer than two). */
function meanStep(t: ArrayLike<number>): number {
  return t.length > 1 ? (t[t.length - 1]! - t[0]!) / (t.length - 1) : 1;
}

/**
 * Trend test of (binned) points: Mann-Kendall with the Hamed-Rao correction, on the series detrended
 * by a first Theil–Sen pass, then the Theil–Sen slope with its interval at 1 − α widened by that
 * correction.
 */
function trendTest(t: ArrayLike<number>, y: ArrayLike<number>, alpha: number) {
  const firstPass = theilSen(t, y, 0);
  const mk = mannKendallHamedRao(y, firstPass.slope * meanStep(t), alpha);
  return { mk, ts: theilSen(t, y, mk.varS * mk.correction, 1 - alpha) };
}
