import type { GrowthContract } from './contracts.ts';

/** Knobs of the growth analysis; every field has a default (DEFAULT_GROWTH_OPTIONS). */
export interface GrowthOptions {
  /** Significance level of the trend test and 1 − confidence of the slope interval. */
  alpha: number;
  /** Fewer samples than this → inconclusive. */
  minPoints: number;
  /** Fewer steady-state samples than this → inconclusive. */
  minTailPoints: number;
  /** A significant rise over the steady tail is a leak only if it adds at least this many bytes (a few 8 kB page extensions are not a leak). */
  materialBytes: number;
  /** Without a significant trend, "bounded" needs the slope's upper bound to add less than this fraction of the level over the tail (else inconclusive). */
  materialFraction: number;
  /** Live rows rising under a size plateau are a leak only if the rise over the tail is at least this fraction of their median level (pg_stat's estimate drifts by several per cent). */
  materialRowsFraction: number;
  /** Models are fitted on bin means of at most this many points. */
  maxFitPoints: number;
  /** The trend test (O(n²)) runs on bin means of at most this many points. */
  maxTrendPoints: number;
  /** Projection horizon, seconds (default 30 days). */
  horizonS: number;
  /** Retention window, seconds, for the projection "if rows older than this were deleted"; null = none. */
  retentionS: number | null;
  /** Dead tuples above the autovacuum trigger for longer than this (seconds) flag starvation. */
  starvationLimitS: number;
  /** Disk budget in bytes for the retention-window recommendation; null = none. */
  diskBudgetBytes: number | null;
  /** Growth contracts to evaluate (default: DEFAULT_AETHERIS_CONTRACTS). */
  contracts: GrowthContract[];
}

/** Defaults used where options are not given. */
export const DEFAULT_GROWTH_OPTIONS: Omit<GrowthOptions, 'contracts'> = {
  alpha: 0.05,
  minPoints: 10,
  minTailPoints: 8,
  materialBytes: 32_768,
  materialFraction: 0.02,
  materialRowsFraction: 0.25,
  maxFitPoints: 500,
  maxTrendPoints: 300,
  horizonS: 30 * 86_400,
  retentionS: null,
  starvationLimitS: 600,
  diskBudgetBytes: null,
};
