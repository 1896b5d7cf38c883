import { fitLine } from './least-squares.ts';
import type { GrowthOptions } from './growth-options.ts';
import type { RelationSeries } from './samples-format.ts';
import type { SeriesJudgement } from './verdict.ts';
import { valueRange } from '../value-range.ts';

/** Size regressed on a work counter: bytes per unit of work. */
export interface PerWork {
  bytesPerUnit: number;
  r2: number;
  /** Units of work done over the window the regression used. */
  units: number;
}

/** Split of the heap (table main fork) into live tuples, dead tuples and free space, in bytes. */
export interface SpaceSplit {
  live: number;
  dead: number;
  free: number;
}

/** Growth explained per unit of work and projected (issue 5 item 3). */
export interface GrowthExplanation {
  /** Bytes per job_events insert and per jobs insert (total bytes regressed on the counters over the steady state). */
  perEvent: PerWork | null;
  perJob: PerWork | null;
  /** Steady-state Theil–Sen growth per hour (bytes). */
  growthPerHour: number | null;
  lastBytes: number;
  /** Size at now + horizon under the chosen model (see projectionBasis). */
  projectedBytes: number | null;
  /** What the projection rests on: the chosen model, or the Theil–Sen line when the verdict overrode the model. */
  projectionBasis: string | null;
  /** Size at now + horizon if only the last `retentionS` of growth were kept. */
  projectedWithRetentionBytes: number | null;
  /** Heap split at the first and last sample, and its change. */
  split: { first: SpaceSplit; last: SpaceSplit; growth: SpaceSplit } | null;
  /** Longest stretch (seconds) with dead tuples above the autovacuum trigger. */
  deadAboveTriggerS: number;
  autovacuumStarved: boolean;
}

function finiteWindow(x: Float64Array, y: Float64Array, from: number): { x: number[]; y: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = from; i < x.length; i++) {
    if (Number.isFinite(x[i]!) && Number.isFinite(y[i]!)) {
      xs.push(x[i]!);
      ys.push(y[i]!);
    }
  }
  return { x: xs, y: ys };
}

function perWork(counter: Float64Array, size: Float64Array, from: number): PerWork | null {
  const w = finiteWindow(counter, size, from);
  if (w.x.length < 3) return null;
  const units = valueRange(w.x);
  if (!(units > 0)) return null;
  const fit = fitLine(w.x, w.y);
  return { bytesPerUnit: fit.slope, r2: fit.r2, units };
}

function split(s: RelationSeries, i: number): SpaceSplit | null {
  const tb = s.tupleBytesEst[i]!;
  const table = s.tableBytes[i]!;
  if (!Number.isFinite(tb) || !Number.isFinite(table) || !Number.isFinite(s.liveRows[i]!)) return null;
  const live = Math.max(0, s.liveRows[i]!) * tb;
  const dead = Math.max(0, Number.isFinite(s.deadRows[i]!) ? s.deadRows[i]! : 0) * tb;
  return { live, dead, free: Math.max(0, table - live - dead) };
}

/** Explains a relation's growth by work, projects it, splits it and checks autovacuum. */
export function explainGrowth(s: RelationSeries, j: SeriesJudgement, opts: GrowthOptions): GrowthExplanation {
  const n = s.t.length;
  const from = j.trend ? Math.max(0, s.t.findIndex((t) => t >= j.trend!.startS)) : 0;
  const lastBytes = n > 0 ? s.totalBytes[n - 1]! : Number.NaN;
  const tLast = n > 0 ? s.t[n - 1]! : 0;
  const growthPerHour = j.trend ? j.trend.slopePerS * 3600 : null;
  const { bytes: projectedBytes, basis: projectionBasis } = project(j, tLast, lastBytes, opts.horizonS);
  let projectedWithRetentionBytes: number | null = null;
  if (opts.retentionS !== null && j.trend && n > 0) {
    // With retention, the table keeps its base plus at most one window of growth.
    const base = s.totalBytes[0]!;
    const kept = Math.min(opts.retentionS, tLast - s.t[0]! + opts.horizonS);
    projectedWithRetentionBytes = Math.max(base, base + Math.max(0, j.trend.slopePerS) * kept);
  }
  let splitOut: GrowthExplanation['split'] = null;
  if (n > 0) {
    const first = split(s, s.tupleBytesEst.findIndex(Number.isFinite));
    const last = split(s, n - 1);
    if (first && last) splitOut = { first, last, growth: { live: last.live - first.live, dead: last.dead - first.dead, free: last.free - first.free } };
  }
  let longest = 0;
  let since: number | null = null;
  for (let i = 0; i < n; i++) {
    const over = Number.isFinite(s.deadRows[i]!) && Number.isFinite(s.autovacuumTrigger[i]!) && s.deadRows[i]! > s.autovacuumTrigger[i]!;
    if (over && since === null) since = s.t[i]!;
    if (!over) since = null;
    if (since !== null) longest = Math.max(longest, s.t[i]! - since);
  }
  return {
    perEvent: perWork(s.eventsTotal, s.totalBytes, from),
    perJob: perWork(s.jobsTotal, s.totalBytes, from),
    growthPerHour,
    lastBytes,
    projectedBytes,
    projectionBasis,
    projectedWithRetentionBytes,
    split: splitOut,
    deadAboveTriggerS: longest,
    autovacuumStarved: longest > opts.starvationLimitS,
  };
}

/**
 * Projects the size to now + horizon. The chosen model is used when it agrees with the verdict;
 * an unbounded verdict on a model that levels off is projected along the steady-state Theil–Sen
 * line instead, and a bounded verdict on a model without a limit stays at its current level.
 */
function project(j: SeriesJudgement, tLast: number, lastBytes: number, horizonS: number): { bytes: number | null; basis: string | null } {
  const best = j.selection.best?.fit;
  if (!best || !Number.isFinite(lastBytes)) return { bytes: null, basis: null };
  if (j.verdict === 'unbounded' && best.limit !== null && j.trend) {
    return { bytes: Math.max(0, lastBytes + j.trend.slopePerS * horizonS), basis: 'steady-state Theil–Sen slope (the best model levels off but the tail does not)' };
  }
  if (j.verdict === 'bounded') {
    const level = best.limit ?? lastBytes;
    return { bytes: Math.max(0, level, lastBytes), basis: best.limit !== null ? `${best.model} limit` : 'current size (bounded)' };
  }
  // A curve fitted to a short run says nothing about its shape 10× further out (a power law fitted
  // to 30 s of a soak projected 1e9 TiB over 30 days): far horizons use the measured linear rate.
  if (horizonS > EXTRAPOLATION_LIMIT * Math.max(tLast, 1) && j.trend) {
    return { bytes: Math.max(0, lastBytes + j.trend.slopePerS * horizonS), basis: `steady-state Theil–Sen slope (the horizon is ${Math.round(horizonS / Math.max(tLast, 1))}× the observed span: too far to extrapolate the ${best.model} curve)` };
  }
  return { bytes: Math.max(0, best.predict(tLast + horizonS)), basis: `${best.model} model` };
}

/** How many times the observed span a fitted curve may be extrapolated. */
const EXTRAPOLATION_LIMIT = 10;
