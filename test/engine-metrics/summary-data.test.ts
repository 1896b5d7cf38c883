import { describe, expect, it } from 'vitest';
import { MetricsEngine, type SummaryData } from '../../load/engine/metrics/metrics-engine.ts';
import { checkSamples, jsonFixture, k6Percentile, keysOf, relErr, sample, samplesFromGroupTree } from './helpers.ts';

const STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'];

/** Feeds the engine the samples behind grafana/k6's own handleSummary test vector. */
function k6TestVectorEngine(): MetricsEngine {
  const engine = new MetricsEngine({
    thresholds: { checks: ['rate>70'], my_trend: ['avg<1000'], http_reqs: ['rate<100'] },
    summaryTrendStats: STATS,
  });
  engine.define({ name: 'my_trend', type: 'trend', contains: 'time' });
  expect(engine.validate()).toEqual([]);
  engine.add([
    ...checkSamples('::child', 'check1', 30, 0),
    ...checkSamples('::child', 'check3', 10, 5),
    ...checkSamples('::child', 'check2', 5, 10),
    sample('my_trend', 10),
    sample('my_trend', 15),
    sample('my_trend', 20),
    sample('vus', 1),
    sample('http_reqs', 1),
    sample('http_reqs', 1),
    sample('http_reqs', 1),
  ]);
  engine.evaluate({ final: true, elapsedMs: 1000 });
  return engine;
}

function expectSameShape(ours: SummaryData, theirs: any): void {
  expect(keysOf(ours)).toEqual(keysOf(theirs));
  expect(keysOf(ours.options)).toEqual(keysOf(theirs.options));
  if (theirs.state) expect(keysOf(ours.state)).toEqual(keysOf(theirs.state));
  for (const [name, m] of Object.entries<any>(theirs.metrics)) {
    const o = ours.metrics[name];
    expect(o, name).toBeDefined();
    expect(keysOf(o!), name).toEqual(keysOf(m));
    expect([o!.type, o!.contains], name).toEqual([m.type, m.contains]);
    expect(keysOf(o!.values), name).toEqual(keysOf(m.values));
    for (const v of Object.values(o!.values)) expect(typeof v).toBe('number');
    if (m.thresholds) {
      expect(keysOf(o!.thresholds!)).toEqual(keysOf(m.thresholds));
      for (const t of Object.values(o!.thresholds!)) expect(keysOf(t)).toEqual(['ok']);
    }
  }
}

describe('summaryData vs grafana/k6 test vector (handleSummary-k6testdata-v2.2)', () => {
  const theirs = jsonFixture('handleSummary-k6testdata-v2.2.json');
  // The vector's "my_trend<1000" is not valid grammar (k6 mocks it); the test uses "avg<1000" and maps the key.
  theirs.metrics.my_trend.thresholds = { 'avg<1000': { ok: true } };

  it('has the same keys, metric shapes and an identical group tree (paths, md5 ids, order)', () => {
    const data = k6TestVectorEngine().summaryData({ testRunDurationMs: 1000, isStdOutTTY: false, isStdErrTTY: false });
    expectSameShape(data, theirs);
    expect(keysOf(data.metrics)).toEqual(keysOf(theirs.metrics));
    expect(data.root_group).toEqual(theirs.root_group);
    expect(data.options).toEqual(theirs.options);
    expect(data.state).toEqual(theirs.state);
    expect(data.metrics.checks!.values).toEqual(theirs.metrics.checks.values);
    expect(data.metrics.http_reqs!.values).toEqual(theirs.metrics.http_reqs.values);
    expect(data.metrics.vus!.values).toEqual(theirs.metrics.vus.values);
    const t = data.metrics.my_trend!.values;
    expect([t.avg, t.min, t.max, t.count]).toEqual([15, 10, 20, 3]);
    // k6's interpolated percentiles (p(90)=19, p(95)=19.5, p(99)=19.9), from HDR within 0.1 % (3 digits).
    for (const k of ['med', 'p(90)', 'p(95)', 'p(99)']) expect(relErr(t[k]!, theirs.metrics.my_trend.values[k])).toBeLessThan(0.001);
    expect(data.metrics.checks!.thresholds).toEqual({ 'rate>70': { ok: false } });
    expect(data.metrics.http_reqs!.thresholds).toEqual({ 'rate<100': { ok: true } });
    expect('setup_data' in data).toBe(false);
  });

  it('adds setup_data only when defined, like the -with-setup_data vector', () => {
    const withSetup = jsonFixture('handleSummary-k6testdata-v2.2-with-setup_data.json');
    const data = k6TestVectorEngine().summaryData({ testRunDurationMs: 1000, setupData: 5, isStdOutTTY: false, isStdErrTTY: false });
    expect(keysOf(data)).toEqual(keysOf(withSetup));
    expect(data.setup_data).toBe(5);
  });
});

describe('summaryData vs real k6 runs', () => {
  const HTTP_TAGS = { expected_response: 'true', group: '', method: 'GET', name: 'u', proto: 'HTTP/1.1', scenario: 'default', status: '200', url: 'u' };
  const realFixtures = [
    'handleSummary-real-k6v1.3plus-k6-reporter-simple.json',
    'handleSummary-real-k6v1.3plus-k6-reporter-grpc.json',
    'handleSummary-real-k6v0.30-era-k6-html-reporter.json',
  ];
  it.each(realFixtures)('reproduces the structure of %s', (file) => {
    const theirs = jsonFixture(file);
    const thresholds: Record<string, string[]> = {};
    for (const [name, m] of Object.entries<any>(theirs.metrics)) if (m.thresholds) thresholds[name] = Object.keys(m.thresholds);
    const engine = new MetricsEngine({ thresholds, summaryTrendStats: theirs.options.summaryTrendStats });
    const builtin = new Set(engine.definitions().map((d) => d.name));
    for (const [name, m] of Object.entries<any>(theirs.metrics)) {
      if (!builtin.has(name) && !name.includes('{')) engine.define({ name, type: m.type, contains: m.contains });
    }
    expect(engine.validate()).toEqual([]);
    for (const [name, m] of Object.entries<any>(theirs.metrics)) {
      if (name.includes('{') || name === 'checks') continue;
      // Files from before k6 v0.31 have no expected_response tag (and so no such submetric).
      const hasExpected = 'http_req_duration{expected_response:true}' in theirs.metrics;
      const tags = !name.startsWith('http_') ? {} : hasExpected ? HTTP_TAGS : { ...HTTP_TAGS, expected_response: 'n/a' };
      for (let i = 0; i < 5; i++) engine.add([sample(name, m.type === 'rate' ? i % 2 : i + 1, tags, i)]);
    }
    engine.add(samplesFromGroupTree(theirs.root_group));
    engine.evaluate({ final: true, elapsedMs: 3000 });
    const data = engine.summaryData({ testRunDurationMs: 3000, isStdOutTTY: true, isStdErrTTY: true });
    // The v0.30-era file predates `state` (v0.33) and `options.noColor`; v2.2 has both, so they are added.
    const current = { ...theirs, state: theirs.state ?? data.state, options: { noColor: false, ...theirs.options } };
    expectSameShape(data, current);
    expect(keysOf(data.metrics)).toEqual(keysOf(theirs.metrics));
    expect(data.root_group).toEqual(theirs.root_group);
  });
});

describe('which metrics appear', () => {
  it('shows observed metrics and metrics named in thresholds (empty trend → zeros), nothing else', () => {
    const engine = new MetricsEngine({ thresholds: { http_req_waiting: ['p(95)<100'], 'http_req_duration{status:500}': ['max<1'] } });
    engine.add([sample('iterations', 1)]);
    engine.evaluate({ final: true, elapsedMs: 1000 });
    const data = engine.summaryData({ testRunDurationMs: 1000, isStdOutTTY: false, isStdErrTTY: false });
    expect(keysOf(data.metrics)).toEqual(['http_req_duration{status:500}', 'http_req_waiting', 'iterations']);
    expect(data.metrics.http_req_waiting!.values).toEqual({ avg: 0, min: 0, med: 0, max: 0, 'p(90)': 0, 'p(95)': 0 });
    expect(data.metrics.http_req_waiting!.thresholds).toEqual({ 'p(95)<100': { ok: true } });
    // An empty trend yields zeros, so "max<1" passes and the submetric shows with the parent's type.
    expect(data.metrics['http_req_duration{status:500}']).toMatchObject({ type: 'trend', contains: 'time', thresholds: { 'max<1': { ok: true } } });
    expect(data.options).toEqual({ summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'], summaryTimeUnit: '', noColor: false });
  });

  it('shows http_req_duration{expected_response:true} once matching HTTP samples exist', () => {
    const engine = new MetricsEngine({ thresholds: {} });
    engine.add([sample('http_req_duration', 12, { expected_response: 'false', status: '500' })]);
    const before = engine.summaryData({ testRunDurationMs: 1, isStdOutTTY: false, isStdErrTTY: false });
    expect(Object.keys(before.metrics)).toEqual(['http_req_duration']);
    engine.add([sample('http_req_duration', 8, { expected_response: 'true', status: '200' })]);
    const after = engine.summaryData({ testRunDurationMs: 1, isStdOutTTY: false, isStdErrTTY: false });
    expect(after.metrics['http_req_duration{expected_response:true}']!.values.max).toBe(8);
    expect(after.metrics.http_req_duration!.values.max).toBe(12);
  });

  it('keeps trend keys exactly as written in summaryTrendStats, count and p(99.9) included', () => {
    const engine = new MetricsEngine({ thresholds: {}, summaryTrendStats: ['p(99.9)', 'count', 'med'] });
    for (let i = 1; i <= 1000; i++) engine.add([sample('iteration_duration', i)]);
    const v = engine.summaryData({ testRunDurationMs: 1, isStdOutTTY: false, isStdErrTTY: false }).metrics.iteration_duration!.values;
    expect(Object.keys(v)).toEqual(['p(99.9)', 'count', 'med']);
    expect(v.count).toBe(1000);
    const all = Array.from({ length: 1000 }, (_, i) => i + 1);
    // k6's interpolated values (999.001 and 500.5), within HDR's 0.1 % (3 significant digits).
    expect(relErr(v['p(99.9)']!, k6Percentile(all, 99.9))).toBeLessThan(0.001);
    expect(relErr(v.med!, k6Percentile(all, 50))).toBeLessThan(0.001);
  });

  it('validate() reports a bad summaryTrendStats entry', () => {
    const engine = new MetricsEngine({ thresholds: {}, summaryTrendStats: ['avg', 'p(101)', 'mean'] });
    const errors = engine.validate();
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('"p(101)"');
    expect(errors[1]).toContain('"mean"');
  });
});
