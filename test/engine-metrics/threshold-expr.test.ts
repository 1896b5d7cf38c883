import { describe, expect, it } from 'vitest';
import { aggregationSupported, evaluateThresholdExpr, parseThresholdExpr } from '../../analysis/threshold-expr.ts';

// [expression, values of the metric, expected ok] — valid expressions, parsed then evaluated.
const VALID: Array<[string, Record<string, number>, boolean]> = [
  ['p(95)<500', { 'p(95)': 499.9 }, true],
  ['p(95)<500', { 'p(95)': 500 }, false],
  ['p(95)<=500', { 'p(95)': 500 }, true],
  ['p(99.9) < 2000', { 'p(99.9)': 1999 }, true],
  ['p(0)>=1', { 'p(0)': 1 }, true],
  ['p(100)>1', { 'p(100)': 1 }, false],
  ['rate >= 0.8', { rate: 0.4998 }, false],
  ['rate>0.9', { rate: 0.95 }, true],
  ['  rate  <  0.01  ', { rate: 0 }, true],
  ['count > 1000', { count: 1000 }, false],
  ['count>=1000', { count: 1000 }, true],
  ['value==3', { value: 3 }, true],
  ['value===3', { value: 3 }, true],
  ['value!=3', { value: 3 }, false],
  ['avg<1e3', { avg: 999 }, true],
  ['med <= 2', { med: 2 }, true],
  ['min>-1.5', { min: -1 }, true],
  ['max<+Inf', { max: 1e300 }, true],
  ['max < .5', { max: 0.4 }, true],
  // Absent value passes (e.g. an empty Rate sink has no `rate`): k6 grafana/k6#4283.
  ['rate>0.9', {}, true],
];

// [expression, fragment of the expected message]
const INVALID: Array<[string, string]> = [
  ['', 'malformed expression'],
  ['p(95)', 'malformed expression'],
  ['p95<500', 'unknown aggregation method "p95"'],
  ['P(95)<500', 'unknown aggregation method "P(95)"'],
  ['p(101)<500', 'out of range'],
  ['p(-1)<500', 'out of range'],
  ['p(NaN)<500', 'malformed percentile'],
  ['p( 95 )<500', 'malformed percentile'],
  ['p()<500', 'malformed percentile'],
  ['mean<500', 'unknown aggregation method "mean"'],
  ['<500', 'aggregation method is missing'],
  ['avg<', 'right-hand side number is missing'],
  ['avg<abc', 'right-hand side "abc" is not a number'],
  ['avg<500ms', 'right-hand side "500ms" is not a number'],
  ['avg<NaN', 'is not a number'],
  ['my_trend<1000', 'unknown aggregation method "my_trend"'],
  // k6 splits on the first operator in its scan order: "<=" is tried before "=="; "a=<b" finds "<".
  ['avg=<5', 'unknown aggregation method "avg="'],
];

describe('parseThresholdExpr', () => {
  it.each(VALID)('accepts and evaluates %j', (source, values, ok) => {
    const r = parseThresholdExpr(source);
    if (!r.ok) throw new Error(r.error);
    expect(r.expr.source).toBe(source);
    expect(evaluateThresholdExpr(r.expr, values).ok).toBe(ok);
  });

  it.each(INVALID)('rejects %j with a precise message', (source, fragment) => {
    const r = parseThresholdExpr(source);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain(fragment);
      expect(r.error).toContain(`threshold "${source}"`);
    }
  });

  it('scans operators in k6 order: "<=" wins over "<", "===" over "=="', () => {
    const a = parseThresholdExpr('p(95)<=500');
    const b = parseThresholdExpr('value===1');
    expect(a.ok && a.expr.operator).toBe('<=');
    expect(b.ok && b.expr.operator).toBe('===');
    const c = parseThresholdExpr('p(99.9)>2');
    expect(c.ok && c.expr.aggregation).toEqual({ kind: 'percentile', percentile: 99.9 });
  });

  it('knows which aggregations each metric type supports', () => {
    const agg = (s: string) => {
      const r = parseThresholdExpr(s);
      if (!r.ok) throw new Error(r.error);
      return r.expr.aggregation;
    };
    expect(aggregationSupported(agg('count>1'), 'counter')).toBe(true);
    expect(aggregationSupported(agg('rate>1'), 'counter')).toBe(true);
    expect(aggregationSupported(agg('value>1'), 'counter')).toBe(false);
    expect(aggregationSupported(agg('value>1'), 'gauge')).toBe(true);
    expect(aggregationSupported(agg('rate>1'), 'gauge')).toBe(false);
    expect(aggregationSupported(agg('rate>1'), 'rate')).toBe(true);
    expect(aggregationSupported(agg('count>1'), 'rate')).toBe(false);
    for (const a of ['avg>1', 'min>1', 'max>1', 'med>1', 'p(50)>1']) expect(aggregationSupported(agg(a), 'trend')).toBe(true);
    expect(aggregationSupported(agg('rate>1'), 'trend')).toBe(false);
    expect(aggregationSupported(agg('p(90)>1'), 'counter')).toBe(false);
  });
});
