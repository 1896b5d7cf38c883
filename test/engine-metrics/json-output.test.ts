import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { MetricsEngine } from '../../load/engine/metrics/metrics-engine.ts';
import { JsonOutput } from '../../load/engine/outputs/json-output.ts';
import { Rfc3339Formatter } from '../../load/engine/outputs/rfc3339.ts';
import { fixture, keysOf, sample } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'engine-metrics-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (text: string) => text.trim().split('\n').map((l) => JSON.parse(l));

/** Keys of a line and of its data object, the shape the tests compare. */
const shape = (l: any) => ({ keys: keysOf(l), data: keysOf(l.data) });

function writeRun(path: string): MetricsEngine {
  const engine = new MetricsEngine({
    thresholds: { http_req_duration: ['p(95)<500', { threshold: 'max<2000', abortOnFail: true, delayAbortEval: '10s' }], 'http_req_duration{status:200}': ['avg<100'] },
  });
  engine.define({ name: 'my_metric1', type: 'gauge', contains: 'default' });
  return engine;
}

describe('--out json NDJSON', () => {
  it('writes Metric lines once, before the first Point, shaped like k6 v2.2 output', async () => {
    const path = join(dir, 'out.ndjson');
    const engine = writeRun(path);
    const out = new JsonOutput(path, engine);
    const tags = { expected_response: 'true', group: '', method: 'GET', name: 'u', proto: 'HTTP/1.1', scenario: 'default', status: '200', url: 'u' };
    out.write([sample('http_req_duration', 12.5, tags), sample('my_metric1', 1, { tag1: 'val1' }), sample('http_req_duration', 7, tags, 3)]);
    out.write([{ ...sample('my_metric1', 2, { tag2: 'val2' }), metadata: { meta1: 'foo' } }, { ...sample('my_metric1', 3), metadata: {} }, sample('vus', Number.NaN)]);
    await out.close();
    const ours = lines(readFileSync(path, 'utf8'));
    expect(ours.map((l) => `${l.type}:${l.metric}`)).toEqual([
      'Metric:http_req_duration',
      'Point:http_req_duration',
      'Metric:my_metric1',
      'Point:my_metric1',
      'Point:http_req_duration',
      'Point:my_metric1',
      'Point:my_metric1',
    ]);
    const theirs = lines(fixture('out-json-k6testdata-v2.2.ndjson'));
    const theirMetric = theirs.find((l) => l.type === 'Metric');
    const theirPoint = theirs.find((l) => l.type === 'Point' && !l.data.metadata);
    const theirPointMeta = theirs.find((l) => l.type === 'Point' && l.data.metadata);
    expect(shape(ours[0])).toEqual(shape(theirMetric));
    expect(shape(ours[1])).toEqual(shape(theirPoint));
    expect(shape(ours[5])).toEqual(shape(theirPointMeta));
    expect(shape(ours[6])).toEqual(shape(theirPoint)); // empty metadata is omitted
    expect(ours[0].data).toEqual({
      name: 'http_req_duration',
      type: 'trend',
      contains: 'time',
      thresholds: ['p(95)<500', { threshold: 'max<2000', abortOnFail: true, delayAbortEval: '10s' }],
      submetrics: [
        { name: 'http_req_duration{expected_response:true}', suffix: 'expected_response:true', tags: { expected_response: 'true' } },
        { name: 'http_req_duration{status:200}', suffix: 'status:200', tags: { status: '200' } },
      ],
    });
    expect(ours[2].data).toEqual({ name: 'my_metric1', type: 'gauge', contains: 'default', thresholds: [], submetrics: null });
    expect(ours[1].data).toMatchObject({ value: 12.5, tags });
    expect(ours[5].data.metadata).toEqual({ meta1: 'foo' });
  });

  it('matches the real k6 v0.46 Metric line for http_req_duration (submetric list, empty thresholds)', async () => {
    const real = lines(fixture('out-json-real-k6v0.46.0-xk6-dashboard-result.head300.ndjson'));
    const path = join(dir, 'real.ndjson');
    const engine = new MetricsEngine({ thresholds: {} });
    const out = new JsonOutput(path, engine);
    for (const l of real.filter((x) => x.type === 'Point')) out.write([{ metric: l.metric, time: Date.parse(l.data.time), value: l.data.value, tags: l.data.tags ?? {} }]);
    await out.close();
    const ours = lines(readFileSync(path, 'utf8'));
    const metricLines = (ls: any[]) => ls.filter((l) => l.type === 'Metric').map((l) => l.data);
    expect(metricLines(ours)).toEqual(metricLines(real));
    const points = (ls: any[]) => ls.filter((l) => l.type === 'Point').map((l) => [l.metric, l.data.value, l.data.tags ?? {}]);
    expect(points(ours)).toEqual(points(real));
  });

  it('gzips a .gz path and streams while running (a valid gzip file before close)', async () => {
    const path = join(dir, 'out.ndjson.gz');
    const out = new JsonOutput(path, new MetricsEngine({ thresholds: {} }), 20);
    out.write([sample('iterations', 1, { scenario: 'default' })]);
    // The 20 ms flush timer must have pushed the line through gzip by now; 2 s is generous on a busy machine.
    const deadline = Date.now() + 2000;
    let text = '';
    while (Date.now() < deadline && !text.includes('Point')) {
      await new Promise((r) => setTimeout(r, 25));
      try {
        text = gunzipSync(readFileSync(path)).toString();
      } catch {
        /* nothing flushed yet */
      }
    }
    expect(text).toContain('"type":"Point"');
    await out.close();
    expect(lines(gunzipSync(readFileSync(path)).toString())).toHaveLength(2);
  });

  it('fails at once on a path it cannot open', () => {
    expect(() => new JsonOutput(join(dir, 'missing-dir', 'x.ndjson'), new MetricsEngine({ thresholds: {} }))).toThrow(/ENOENT/);
  });
});

describe('RFC 3339 times', () => {
  it('prints local offset and up to 9 fraction digits, trailing zeros trimmed', () => {
    const f = new Rfc3339Formatter();
    const t = Date.parse('2021-02-24T13:37:10Z');
    const check = (s: string, frac: string) => {
      expect(s).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/);
      expect(s.match(/\.(\d+)/)?.[1] ?? '').toBe(frac);
    };
    check(f.format(t), '');
    check(f.format(t + 549), '549');
    check(f.format(t + 500), '5');
    check(f.format(t + 0.25), '00025');
    expect(Date.parse(f.format(t + 549))).toBe(t + 549);
  });

  it('uses the host offset like Go time.Local (Z in UTC, +01:00 in Berlin winter)', () => {
    const saved = process.env.TZ;
    const t = Date.parse('2021-02-24T13:37:10.5Z');
    try {
      process.env.TZ = 'UTC';
      expect(new Rfc3339Formatter().format(t)).toBe('2021-02-24T13:37:10.5Z');
      process.env.TZ = 'Europe/Berlin';
      expect(new Rfc3339Formatter().format(t)).toBe('2021-02-24T14:37:10.5+01:00');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
