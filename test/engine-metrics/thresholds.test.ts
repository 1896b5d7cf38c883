import { describe, expect, it } from 'vitest';
import { MetricsEngine } from '../../load/engine/metrics/metrics-engine.ts';
import { parseMetricKey, tagsMatch } from '../../load/engine/metrics/submetric-key.ts';
import { goDuration, normalizeThresholds, shouldAbort } from '../../load/engine/metrics/thresholds.ts';
import { sample } from './helpers.ts';

describe('threshold keys (k6 metric.go parsing rules)', () => {
  it('splits pairs on ",", key/value on the FIRST ":", trims spaces then quotes', () => {
    const k = parseMetricKey(`http_req_duration{ group:::api::list , "status": '200' ,name:a:b}`);
    if (typeof k === 'string') throw new Error(k);
    expect(k.metric).toBe('http_req_duration');
    expect(k.submetric!.tags).toEqual({ group: '::api::list', status: '200', name: 'a:b' });
    expect(k.submetric!.suffix).toBe(`group:::api::list , "status": '200' ,name:a:b`);
    expect(k.submetric!.name).toBe(`http_req_duration{group:::api::list , "status": '200' ,name:a:b}`);
    expect(parseMetricKey('checks')).toEqual({ metric: 'checks' });
  });

  it.each([
    ['a{x:1', 'unmatched'],
    ['a}x:1{', 'closing brace before'],
    ['a{x:1}b', 'after the closing brace'],
    ['a{x}', 'malformed'],
    ['a{x:}', 'malformed'],
    ['a{}', 'malformed'],
  ])('rejects %j', (key, fragment) => {
    expect(parseMetricKey(key)).toContain(fragment);
  });

  it('matches samples whose tags contain every pair (subset)', () => {
    const filter = { status: '200', method: 'GET' };
    const keys = Object.keys(filter);
    expect(tagsMatch(filter, keys, { status: '200', method: 'GET', url: 'x' })).toBe(true);
    expect(tagsMatch(filter, keys, { status: '200' })).toBe(false);
    expect(tagsMatch(filter, keys, { status: '201', method: 'GET' })).toBe(false);
  });
});

describe('normalisation and validation', () => {
  it('reads strings and {threshold, abortOnFail, delayAbortEval}', () => {
    const n = normalizeThresholds({ http_req_failed: ['rate<0.01', { threshold: 'rate<0.05', abortOnFail: true, delayAbortEval: '10s' }] });
    expect(n.errors).toEqual([]);
    expect(n.groups[0]!.thresholds.map((t) => t.decl)).toEqual([
      { source: 'rate<0.01', abortOnFail: false, delayAbortEvalMs: 0 },
      { source: 'rate<0.05', abortOnFail: true, delayAbortEvalMs: 10_000 },
    ]);
  });

  it('lists EVERY problem at once: unknown metric, wrong aggregation, bad expression, bad delay, bad key', () => {
    const engine = new MetricsEngine({
      thresholds: {
        no_such_metric: ['count>1'],
        http_req_failed: ['p(95)<1', { threshold: 'rate<0.1', abortOnFail: true, delayAbortEval: 'soon' }],
        http_reqs: ['count >> 1', 'value>1'],
        'vus{a:1': ['value>1'],
        checks: 'rate>0.9' as unknown as string[],
      },
    });
    const errors = engine.validate();
    expect(errors).toHaveLength(7);
    const all = errors.join('\n');
    expect(all).toContain('no metric named "no_such_metric"');
    expect(all).toContain('"p(95)<1" uses p(N), which a rate metric does not support');
    expect(all).toContain('delayAbortEval "soon" is not a duration');
    expect(all).toContain('threshold "count >> 1"');
    expect(all).toContain('"value>1" uses value, which a counter metric does not support');
    expect(all).toContain('unmatched curly brace');
    expect(all).toContain('thresholds["checks"]: must be an array');
  });

  it('accepts thresholds on custom metrics defined after construction', () => {
    const engine = new MetricsEngine({ thresholds: { 'job_e2e_duration{kind:a}': ['p(99)<5000'] } });
    expect(engine.validate()).toHaveLength(1);
    engine.define({ name: 'job_e2e_duration', type: 'trend', contains: 'time' });
    expect(engine.validate()).toEqual([]);
    engine.add([sample('job_e2e_duration', 6000, { kind: 'a' }), sample('job_e2e_duration', 1, { kind: 'b' })]);
    expect(engine.evaluate({ final: true, elapsedMs: 1 })).toMatchObject([{ key: 'job_e2e_duration{kind:a}', ok: false, observed: 6000 }]);
  });

  it('refuses invalid custom metric names and type clashes', () => {
    const engine = new MetricsEngine({ thresholds: {} });
    expect(() => engine.define({ name: '1abc', type: 'counter', contains: 'default' })).toThrow(/invalid metric name/);
    expect(() => engine.define({ name: 'a', type: 'counter', contains: 'default' })).toThrow(/invalid metric name/);
    expect(() => engine.define({ name: 'a-b', type: 'counter', contains: 'default' })).toThrow(/invalid metric name/);
    expect(() => engine.define({ name: 'x'.repeat(130), type: 'counter', contains: 'default' })).toThrow(/invalid metric name/);
    expect(() => engine.define({ name: 'http_reqs', type: 'trend', contains: 'default' })).toThrow(/already exists as counter/);
    engine.define({ name: 'my_rate', type: 'rate', contains: 'default' });
    expect(engine.define({ name: 'my_rate', type: 'rate', contains: 'default' }).type).toBe('rate');
    expect(() => engine.define({ name: 'my_rate', type: 'trend', contains: 'time' })).toThrow(/cannot be redefined/);
  });
});

describe('evaluation (k6-reference §5.3)', () => {
  it('periodic evaluation skips empty sinks; final does not; absent values pass', () => {
    const engine = new MetricsEngine({ thresholds: { checks: ['rate>0.9'], http_req_duration: ['min>1'], iterations: ['count>0'] } });
    expect(engine.evaluate({ final: false, elapsedMs: 2000 })).toEqual([]);
    const final = engine.evaluate({ final: true, elapsedMs: 2000 });
    // Empty Rate → no `rate` → passes (grafana/k6#4283); empty trend → zeros → "min>1" fails; empty counter count=0.
    expect(final.map((r) => [r.key, r.source, r.ok, r.observed])).toEqual([
      ['checks', 'rate>0.9', true, undefined],
      ['http_req_duration', 'min>1', false, 0],
      ['iterations', 'count>0', false, 0],
    ]);
    const data = engine.summaryData({ testRunDurationMs: 2000, isStdOutTTY: false, isStdErrTTY: false });
    expect(data.metrics.checks!.thresholds).toEqual({ 'rate>0.9': { ok: true } });
    expect(data.metrics.http_req_duration!.thresholds).toEqual({ 'min>1': { ok: false } });
  });

  it('counter rate = count / elapsed seconds, absent (so passing) when elapsed is 0', () => {
    const engine = new MetricsEngine({ thresholds: { http_reqs: ['rate<10'] } });
    engine.add(Array.from({ length: 30 }, () => sample('http_reqs', 1)));
    expect(engine.evaluate({ final: true, elapsedMs: 0 })[0]).toMatchObject({ ok: true, observed: undefined });
    expect(engine.evaluate({ final: true, elapsedMs: 2000 })[0]).toMatchObject({ ok: false, observed: 15 });
    expect(engine.evaluate({ final: true, elapsedMs: 6000 })[0]).toMatchObject({ ok: true, observed: 5 });
  });

  it('trend percentiles used only in thresholds are computed for the threshold, not added to values', () => {
    const engine = new MetricsEngine({ thresholds: { http_req_duration: ['p(99.9)<100'] } });
    for (let i = 1; i <= 1000; i++) engine.add([sample('http_req_duration', i / 10)]);
    const [r] = engine.evaluate({ final: true, elapsedMs: 1000 });
    expect(r!.ok).toBe(true);
    expect(Math.abs(r!.observed! - 99.9) / 99.9).toBeLessThan(0.001);
    const values = engine.summaryData({ testRunDurationMs: 1000, isStdOutTTY: false, isStdErrTTY: false }).metrics.http_req_duration!.values;
    expect('p(99.9)' in values).toBe(false);
  });

  it('abortOnFail aborts a failing threshold only once delayAbortEval has elapsed', () => {
    const engine = new MetricsEngine({ thresholds: { http_req_failed: [{ threshold: 'rate<0.1', abortOnFail: true, delayAbortEval: '5s' }, 'rate<=0.5'] } });
    engine.add([sample('http_req_failed', 1), sample('http_req_failed', 0)]);
    const early = engine.evaluate({ final: false, elapsedMs: 2000 });
    expect(early.map((r) => r.ok)).toEqual([false, true]);
    expect(shouldAbort(early, 2000)).toBe(false);
    expect(shouldAbort(engine.evaluate({ final: false, elapsedMs: 6000 }), 6000)).toBe(true);
    const plain = new MetricsEngine({ thresholds: { http_req_failed: ['rate<0.1'] } });
    plain.add([sample('http_req_failed', 1)]);
    expect(shouldAbort(plain.evaluate({ final: false, elapsedMs: 1 }), 1)).toBe(false);
  });

  it('formats delayAbortEval like Go durations', () => {
    expect([goDuration(0), goDuration(500), goDuration(10_000), goDuration(90_000), goDuration(3_723_500)]).toEqual(['0s', '500ms', '10s', '1m30s', '1h2m3.5s']);
  });
});
