/**
 * k6's threshold expression grammar (`<aggregation> <operator> <number>`), parsed into a typed AST,
 * and the per-type aggregation rules. Pure: shared by the engine, the gate and the k6-output ingest.
 *
 * Follows grafana/k6 metrics/thresholds_parser.go: the operators are scanned in k6's order and the
 * FIRST operator found splits the text (so "p(95)<=500" is `<=`, never `<`); both sides are trimmed;
 * the left side is a keyword or `p(N)` with 0 ≤ N ≤ 100; the right side is a float.
 */

/** Comparison operators k6 accepts (`==` and `===` are the same). */
export type ThresholdOperator = '<=' | '<' | '>=' | '>' | '===' | '==' | '!=';

/** Aggregation keywords other than a percentile. */
export type ThresholdKeyword = 'count' | 'rate' | 'value' | 'avg' | 'min' | 'max' | 'med';

/** Left-hand side of an expression: a keyword, or a percentile with its N in [0, 100]. */
export type ThresholdAggregation = { kind: ThresholdKeyword } | { kind: 'percentile'; percentile: number };

/** A parsed threshold expression. */
export interface ThresholdExpr {
  /** The expression exactly as written. */
  source: string;
  aggregation: ThresholdAggregation;
  operator: ThresholdOperator;
  /** Right-hand side (ms for time trends, 0..1 for rates, per second for counter `rate`). */
  value: number;
}

/** Result of parsing: the AST, or one precise message. */
export type ThresholdParseResult = { ok: true; expr: ThresholdExpr } | { ok: false; error: string };

/** The order in which k6 tries the operators; the first one present in the text wins. */
const OPERATOR_SCAN_ORDER: readonly ThresholdOperator[] = ['<=', '<', '>=', '>', '===', '==', '!='];

const KEYWORDS: ReadonlySet<string> = new Set(['count', 'rate', 'value', 'avg', 'min', 'max', 'med']);

/** Which aggregations each metric type supports (k6 metrics/metric_type.go supportedAggregationMethods). */
export const AGGREGATIONS_BY_TYPE: Readonly<Record<'counter' | 'gauge' | 'rate' | 'trend', readonly string[]>> = {
  counter: ['count', 'rate'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p(N)'],
};

// Go strconv.ParseFloat accepts decimal and exponent forms and Inf/Infinity (signed); NaN is refused here
// because a NaN bound makes every comparison false, which is never what a threshold author means.
const FLOAT_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INF_RE = /^([+-]?)inf(?:inity)?$/i;

/** Parses a decimal float the way k6 does for both sides of an expression; undefined when it is not one. */
export function parseGoFloat(text: string): number | undefined {
  if (FLOAT_RE.test(text)) return Number(text);
  const inf = INF_RE.exec(text);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  return undefined;
}

/** Parses `p(N)` / a keyword; returns the aggregation or an error reason. */
function parseAggregation(lhs: string): ThresholdAggregation | string {
  if (KEYWORDS.has(lhs)) return { kind: lhs as ThresholdKeyword };
  if (!lhs.startsWith('p(') || !lhs.endsWith(')')) {
    return lhs === '' ? 'the aggregation method is missing' : `unknown aggregation method "${lhs}" (expected count, rate, value, avg, min, max, med or p(N))`;
  }
  const n = parseGoFloat(lhs.slice(2, -1));
  if (n === undefined) return `malformed percentile "${lhs}" (N must be a number, e.g. p(95) or p(99.9))`;
  if (!(n >= 0 && n <= 100)) return `percentile "${lhs}" is out of range (0 ≤ N ≤ 100)`;
  return { kind: 'percentile', percentile: n };
}

/** Parses one threshold expression as k6 does. */
export function parseThresholdExpr(source: string): ThresholdParseResult {
  const fail = (reason: string): ThresholdParseResult => ({ ok: false, error: `threshold "${source}": ${reason}` });
  for (const op of OPERATOR_SCAN_ORDER) {
    const at = source.indexOf(op);
    if (at < 0) continue;
    const lhs = source.slice(0, at).trim();
    const rhs = source.slice(at + op.length).trim();
    const aggregation = parseAggregation(lhs);
    if (typeof aggregation === 'string') return fail(aggregation);
    if (rhs === '') return fail('the right-hand side number is missing');
    const value = parseGoFloat(rhs);
    if (value === undefined) return fail(`right-hand side "${rhs}" is not a number`);
    return { ok: true, expr: { source, aggregation, operator: op, value } };
  }
  return fail('malformed expression, expected "<aggregation> <operator> <number>" with an operator among <, <=, >, >=, ==, ===, !=');
}

/** The key under which an aggregation's value is looked up: the keyword, or `p(N)` with N's shortest decimal form. */
export function aggregationKey(aggregation: ThresholdAggregation): string {
  return aggregation.kind === 'percentile' ? `p(${String(aggregation.percentile)})` : aggregation.kind;
}

/** True when the aggregation is allowed for the metric type; otherwise k6 refuses the threshold (exit 104). */
export function aggregationSupported(aggregation: ThresholdAggregation, type: 'counter' | 'gauge' | 'rate' | 'trend'): boolean {
  const allowed = AGGREGATIONS_BY_TYPE[type];
  return aggregation.kind === 'percentile' ? allowed.includes('p(N)') : allowed.includes(aggregation.kind);
}

/** Applies the operator: `observed <op> expr.value`. */
export function compareThreshold(observed: number, operator: ThresholdOperator, bound: number): boolean {
  switch (operator) {
    case '<':
      return observed < bound;
    case '<=':
      return observed <= bound;
    case '>':
      return observed > bound;
    case '>=':
      return observed >= bound;
    case '==':
    case '===':
      return observed === bound;
    case '!=':
      return observed !== bound;
  }
}

/**
 * Evaluates a parsed expression against the aggregated values of its metric (keys as `aggregationKey`).
 * An absent value passes, as in k6 (e.g. `rate` of an empty Rate sink).
 */
export function evaluateThresholdExpr(expr: ThresholdExpr, values: Readonly<Record<string, number>>): { ok: boolean; observed?: number } {
  const observed = values[aggregationKey(expr.aggregation)];
  if (observed === undefined) return { ok: true };
  return { ok: compareThreshold(observed, expr.operator, expr.value), observed };
}
