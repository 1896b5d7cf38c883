import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanned, scanPointLine } from '../../analysis/ingest/k6-point-scanner.ts';

const tagValue = fc.string({ maxLength: 12 });
const point = fc.record({
  metric: fc.stringMatching(/^[a-z_][a-z0-9_]{0,20}$/),
  time: fc.constantFrom('2023-09-08T21:03:10.549397854+02:00', '2021-02-24T13:37:10Z'),
  value: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
  tags: fc.oneof(fc.constant(null), fc.dictionary(fc.string({ maxLength: 8 }), tagValue, { maxKeys: 5 })),
  metadata: fc.option(fc.dictionary(fc.string({ maxLength: 4 }), tagValue, { maxKeys: 2 }), { nil: undefined }),
  order: fc.boolean(),
});

describe('k6 Point line scanner', () => {
  it('reads real k6 lines in both key orders', () => {
    expect(scanPointLine('{"metric":"http_reqs","type":"Point","data":{"time":"2023-09-08T21:03:10.549397854+02:00","value":1,"tags":{"status":"308"}}}')).toBe(true);
    expect(scanned).toEqual({ metric: 'http_reqs', time: '2023-09-08T21:03:10.549397854+02:00', value: 1, tagsText: '{"status":"308"}' });
    expect(scanPointLine('{"type":"Point","data":{"time":"2021-02-24T13:37:10Z","value":2,"tags":{"tag2":"val2"}},"metric":"my_metric1"}')).toBe(true);
    expect(scanned.metric).toBe('my_metric1');
    expect(scanPointLine('{"type":"Metric","data":{"name":"x"},"metric":"x"}')).toBe(false);
    expect(scanPointLine('{"metric": "x","type":"Point","data":{"time":"t","value":1}}')).toBe(false); // whitespace: full parse
  });

  it('property: agrees with JSON.parse on every generated Point line', () => {
    fc.assert(
      fc.property(point, (p) => {
        const data: Record<string, unknown> = { time: p.time, value: p.value, tags: p.tags };
        if (p.metadata) data.metadata = p.metadata;
        const line = p.order ? JSON.stringify({ metric: p.metric, type: 'Point', data }) : JSON.stringify({ type: 'Point', data, metric: p.metric });
        expect(scanPointLine(line)).toBe(!p.metadata); // metadata lines take the full path
        if (p.metadata) return;
        expect(scanned.metric).toBe(p.metric);
        expect(scanned.time).toBe(p.time);
        expect(scanned.value).toBe(JSON.parse(line).data.value);
        expect(JSON.parse(scanned.tagsText)).toEqual(p.tags);
      }),
      { numRuns: 500 },
    );
  });

  it('property: never accepts a damaged line that JSON.parse rejects (tags text parsed by the reader, as the reader does)', () => {
    const good = '{"metric":"http_reqs","type":"Point","data":{"time":"2021-02-24T13:37:10Z","value":1.5,"tags":{"a":"b\\"c"}}}';
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.string({ maxLength: 3 }), fc.nat(3), (at, insert, remove) => {
        const line = good.slice(0, at) + insert + good.slice(at + remove);
        let valid = true;
        try {
          JSON.parse(line);
        } catch {
          valid = false;
        }
        if (valid) return;
        let accepted = scanPointLine(line);
        if (accepted && scanned.tagsText !== '') {
          try {
            JSON.parse(scanned.tagsText);
          } catch {
            accepted = false;
          }
        }
        expect(accepted).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
