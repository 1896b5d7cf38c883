/** Parsing of `summaryTrendStats` entries (k6 metrics/sample.go GetResolversForTrendColumns). */
import { parseGoFloat } from '../../../analysis/threshold-expr.ts';

/** One trend column: a fixed statistic or a percentile (0..100). */
export type TrendStat = { key: string; kind: 'avg' | 'min' | 'med' | 'max' | 'count' } | { key: string; kind: 'p'; percentile: number };

/** k6's default summaryTrendStats. */
export const DEFAULT_TREND_STATS: readonly string[] = Object.freeze(['avg', 'min', 'med', 'max', 'p(90)', 'p(95)']);

const FIXED = new Set(['avg', 'min', 'med', 'max', 'count']);

/** Parses one stat as written (the key is kept verbatim, e.g. "p(99.9)"); returns an error message when k6 would refuse it. */
export function parseTrendStat(stat: string): TrendStat | string {
  if (FIXED.has(stat)) return { key: stat, kind: stat as 'avg' | 'min' | 'med' | 'max' | 'count' };
  if (stat.startsWith('p(') && stat.endsWith(')')) {
    const n = parseGoFloat(stat.slice(2, -1));
    if (n !== undefined && n >= 0 && n <= 100) return { key: stat, kind: 'p', percentile: n };
  }
  return `summaryTrendStats: stat "${stat}" is unknown (allowed: avg, min, med, max, count, p(N) with 0 ≤ N ≤ 100)`;
}

/** Parses every stat, collecting the valid ones and every error. */
export function parseTrendStats(stats: readonly string[]): { stats: TrendStat[]; errors: string[] } {
  const out: TrendStat[] = [];
  const errors: string[] = [];
  for (const s of stats) {
    const r = typeof s === 'string' ? parseTrendStat(s) : `summaryTrendStats: ${JSON.stringify(s)} is not a string`;
    if (typeof r === 'string') errors.push(r);
    else out.push(r);
  }
  return { stats: out, errors };
}
