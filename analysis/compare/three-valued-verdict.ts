/** Outcome of comparing one metric with its baseline. */
export type MetricVerdict = 'pass' | 'fail' | 'inconclusive';

/**
 * The three-valued verdict of a relative change interval against a margin, in the direction that
 * is worse for the metric: pass when the whole interval stays within the margin on the worse side,
 * fail when the whole interval lies beyond it, inconclusive otherwise (too noisy to tell).
 * Improvements never fail: the margin bounds only the worse direction.
 */
export function threeValuedVerdict(interval: { lower: number; upper: number }, margin: number, better: 'lower' | 'higher'): MetricVerdict {
  if (better === 'lower') {
    if (interval.upper <= margin) return 'pass';
    if (interval.lower > margin) return 'fail';
    return 'inconclusive';
  }
  if (interval.lower >= -margin) return 'pass';
  if (interval.upper < -margin) return 'fail';
  return 'inconclusive';
}
