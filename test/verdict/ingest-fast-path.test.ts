// The NDJSON fast path must give exactly what JSON.parse gives, or decline (issue 6 "Speed").
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scannedAt, scanPointAt, type ScanHints } from '../../analysis/ingest/k6-point-scanner.ts';
import { parseRfc3339At, parseRfc3339Ms } from '../../analysis/ingest/rfc3339.ts';

/** Hints of one tags text (none when '') and, optionally, a time. */
const hintsOf = (tags: string, time = ''): ScanHints => ({ tags: tags === '' ? [] : [tags], time });

const anyText = fc.string({ maxLength: 10, unit: 'binary' }); // unicode incl. astral, quotes, backslashes, controls
const plainName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,20}$/);
const tagsArb = fc.oneof(
  fc.constant(null),
  fc.dictionary(fc.oneof(plainName, anyText), fc.oneof(plainName, anyText), { maxKeys: 6 }),
  fc.constant({ nested: { a: '}' }, '{': '"' }), // braces and quotes inside strings and nesting
);
/** JSON number texts as writers print them: integers, long fractions, exponents, negative zero. */
const numberText = fc.oneof(
  fc.stringMatching(/^-?(0|[1-9][0-9]{0,20})(\.[0-9]{1,20})?([eE][+-]?[0-9]{1,3})?$/),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.integer().map(String),
);
const timeArb = fc.oneof(
  fc.constantFrom('2023-09-08T21:03:10.549397854+02:00', '2021-02-24T13:37:10Z', '2019-07-05T11:04:04-05:30', '2022-01-05T12:46:23.6+01:00'),
  anyText,
);
const pointArb = fc.record({
  metric: fc.oneof(plainName, anyText),
  time: timeArb,
  value: numberText,
  tags: fc.option(tagsArb, { nil: undefined }),
  metadata: fc.option(fc.dictionary(plainName, anyText, { maxKeys: 2 }), { nil: undefined }),
  topOrder: fc.constantFrom(['metric', 'type', 'data'], ['type', 'data', 'metric'], ['data', 'metric', 'type']),
  dataOrder: fc.shuffledSubarray(['time', 'value', 'tags', 'metadata'], { minLength: 4, maxLength: 4 }),
});

type PointSpec = typeof pointArb extends fc.Arbitrary<infer T> ? T : never;

/** Writes a Point line by hand so the number keeps its exact text and keys their order. */
function pointLine(p: PointSpec): string {
  const data: string[] = [];
  for (const k of p.dataOrder) {
    if (k === 'time') data.push(`"time":${JSON.stringify(p.time)}`);
    else if (k === 'value') data.push(`"value":${p.value}`);
    else if (k === 'tags' && p.tags !== undefined) data.push(`"tags":${JSON.stringify(p.tags)}`);
    else if (k === 'metadata' && p.metadata !== undefined) data.push(`"metadata":${JSON.stringify(p.metadata)}`);
  }
  const top = { metric: `"metric":${JSON.stringify(p.metric)}`, type: '"type":"Point"', data: `"data":{${data.join(',')}}` };
  return `{${p.topOrder.map((k) => top[k as keyof typeof top]).join(',')}}`;
}

/** What the fast path reports, read back as strings (positions are into the surrounding text). */
function fastRead(text: string, start: number, end: number, hint = '') {
  if (!scanPointAt(text, start, end, hintsOf(hint))) return undefined;
  const a = scannedAt;
  return {
    metric: text.slice(a.metricStart, a.metricEnd),
    time: text.slice(a.timeStart, a.timeEnd),
    value: a.value,
    tags: a.tagsStart < 0 ? undefined : JSON.parse(text.slice(a.tagsStart, a.tagsEnd)),
    hinted: a.tagsHint === 0,
  };
}

describe('NDJSON fast path versus JSON.parse', () => {
  it('property: on any valid Point line, inside a larger block, it gives what JSON.parse gives, or declines', () => {
    fc.assert(
      fc.property(pointArb, fc.string({ maxLength: 30 }), fc.boolean(), (p, before, withHint) => {
        const line = pointLine(p);
        const parsed = JSON.parse(line);
        // The line sits between other lines, as in a read block; the scanner must stay inside [start, end).
        const text = `${before.replace(/\n/g, '')}\n${line}\n{"metric":"next"}\n`;
        const start = text.indexOf('\n') + 1;
        const hint = withHint && p.tags !== undefined ? JSON.stringify(p.tags) : '';
        const got = fastRead(text, start, start + line.length, hint);
        // The reader scans to the newline, bounded only by the block: same answer, and it says where the line ended.
        expect(scanPointAt(text, start, text.length, hintsOf(hint), true)).toBe(got !== undefined);
        if (got === undefined) return;
        expect(scannedAt.lineEnd).toBe(start + line.length);
        expect(got.metric).toBe(parsed.metric);
        expect(got.time).toBe(parsed.data.time);
        expect(Object.is(got.value, parsed.data.value)).toBe(true);
        expect(got.tags).toEqual(parsed.data.tags);
        expect(got.hinted).toBe(hint !== '');
        expect(parsed.data.metadata).toBeUndefined(); // metadata always takes the full path
      }),
      { numRuns: 3000 },
    );
  });

  it('property: hints (several tags texts, a time) change how a line is read, never what is read', () => {
    const plainTime = timeArb.map((t) => t.replace(/["\\\u0000-\u001f]/g, ''));
    fc.assert(
      fc.property(pointArb, fc.array(tagsArb, { maxLength: 4 }), fc.nat(4), plainTime, fc.constantFrom('same', 'prefix', 'other'), (p, others, at, otherTime, timeKind) => {
        const line = pointLine(p);
        const text = `${line}\n{"metric":"next"}\n`;
        const plain = scanPointAt(text, 0, text.length, hintsOf(''), true) ? { ...scannedAt } : undefined;
        // Valid tags texts as the reader would hold them, the line's own among them (when it has tags) at a random place.
        const tags = others.map((t) => JSON.stringify(t));
        if (p.tags !== undefined) tags.splice(Math.min(at, tags.length), 0, JSON.stringify(p.tags));
        // A time hint is only ever a time the scanner read before: a plain string (here the line's own, a prefix of it, or another).
        const own = plain === undefined ? '' : text.slice(plain.timeStart, plain.timeEnd);
        const time = timeKind === 'same' ? own : timeKind === 'prefix' ? own.slice(0, -1) : otherTime;
        const hinted = scanPointAt(text, 0, text.length, { tags, time }, true) ? { ...scannedAt } : undefined;
        expect(hinted === undefined).toBe(plain === undefined);
        if (plain === undefined || hinted === undefined) return;
        for (const k of ['metricStart', 'metricEnd', 'metricHash', 'timeStart', 'timeEnd', 'tagsStart', 'tagsEnd', 'lineEnd'] as const) expect(hinted[k], k).toBe(plain[k]);
        expect(Object.is(hinted.value, plain.value)).toBe(true);
        expect(hinted.timeIsHint).toBe(text.slice(plain.timeStart, plain.timeEnd) === time && time !== '');
        if (hinted.tagsHint >= 0) expect(tags[hinted.tagsHint]).toBe(text.slice(plain.tagsStart, plain.tagsEnd));
        else expect(p.tags === undefined || tags.every((t) => t !== text.slice(plain.tagsStart, plain.tagsEnd))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('property: the fast path does take every compact line without escapes or metadata (it is not a path that always declines)', () => {
    fc.assert(
      fc.property(pointArb, (p) => {
        const simple = { ...p, metric: p.metric.replace(/["\\\u0000-\u001f]/g, '') || 'm', time: p.time.replace(/["\\\u0000-\u001f]/g, ''), metadata: undefined };
        const line = pointLine(simple);
        expect(fastRead(line, 0, line.length)).toBeDefined();
      }),
      { numRuns: 1000 },
    );
  });

  it('property: number texts give exactly JSON.parse’s double (fast digits, long mantissas, exponents, -0)', () => {
    fc.assert(
      fc.property(numberText, (n) => {
        const line = `{"metric":"m","type":"Point","data":{"time":"2021-02-24T13:37:10Z","value":${n}}}`;
        expect(scanPointAt(line, 0, line.length)).toBe(true);
        expect(Object.is(scannedAt.value, JSON.parse(n))).toBe(true);
      }),
      { numRuns: 3000 },
    );
    for (const n of ['0.1', '0.30000000000000004', '123456789012345', '1234567890123456789', '-0', '-0.0', '9007199254740993', '4.35', '1e400']) {
      const line = `{"metric":"m","type":"Point","data":{"time":"2021-02-24T13:37:10Z","value":${n}}}`;
      expect(scanPointAt(line, 0, line.length)).toBe(true);
      expect(Object.is(scannedAt.value, JSON.parse(n))).toBe(true);
    }
  });

  it('property: a damaged line that JSON.parse rejects is never taken (tags text checked by JSON.parse, as the reader does)', () => {
    const good = '{"metric":"http_reqs","type":"Point","data":{"time":"2021-02-24T13:37:10Z","value":1.5,"tags":{"a":"b\\"c","n":"x"}}}';
    const hint = '{"a":"b\\"c","n":"x"}';
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.string({ maxLength: 3, unit: 'binary' }), fc.nat(3), fc.boolean(), (at, insert, remove, useHint) => {
        const line = good.slice(0, at) + insert + good.slice(at + remove);
        if (line.includes('\n')) return;
        let valid = true;
        try {
          JSON.parse(line);
        } catch {
          valid = false;
        }
        if (valid) return;
        const text = `${line}\n{}`;
        let accepted = scanPointAt(text, 0, line.length, hintsOf(useHint ? hint : ''));
        if (accepted && scannedAt.tagsStart >= 0 && scannedAt.tagsHint < 0) {
          try {
            JSON.parse(text.slice(scannedAt.tagsStart, scannedAt.tagsEnd));
          } catch {
            accepted = false;
          }
        }
        expect(accepted).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('scanning to the newline, a Point cut by a newline anywhere is never completed by the next line', () => {
    // A tags object broken after a comma is still valid JSON across the two lines, so only the scanner can refuse it.
    const good = '{"metric":"http_reqs","type":"Point","data":{"time":"2021-02-24T13:37:10Z","value":1.5,"tags":{"a":"b","n":"x"}}}';
    for (let at = 1; at < good.length; at++) {
      for (const hint of ['', '{"a":"b","n":"x"}']) {
        const text = `${good.slice(0, at)}\n${good.slice(at)}\n`;
        let accepted = scanPointAt(text, 0, text.length, hintsOf(hint), true);
        if (accepted && scannedAt.tagsStart >= 0 && scannedAt.tagsHint < 0) {
          try {
            JSON.parse(text.slice(scannedAt.tagsStart, scannedAt.tagsEnd));
          } catch {
            accepted = false; // the reader's JSON.parse of the tags text declines it too
          }
        }
        expect(accepted, `newline at ${at}`).toBe(false);
      }
    }
    for (const tail of ['x', '}', ',{}', '\r']) expect(scanPointAt(`${good}${tail}\n`, 0, good.length + tail.length + 1, hintsOf(''), true), tail).toBe(false);
    expect(scanPointAt(`${good}\n`, 0, good.length + 1, hintsOf(''), true)).toBe(true);
  });

  it('a repeated "data" key keeps only the last object, as JSON.parse does', () => {
    const line = '{"metric":"m","type":"Point","data":{"time":"2021-02-24T13:37:10Z","value":1,"tags":{"a":"1"}},"data":{"time":"2021-02-24T13:37:11Z","value":2}}';
    expect(fastRead(line, 0, line.length)).toEqual({ metric: 'm', time: '2021-02-24T13:37:11Z', value: 2, tags: undefined, hinted: false });
  });

  it('property: parseRfc3339At inside a block equals parseRfc3339Ms of the slice, whatever the cache holds', () => {
    const times = fc.oneof(timeArb, fc.constantFrom('2023-09-08T21:03:10.549397854+02:00x', '2023-09-08T21:03:10+02:00', '2023-09-08T21:03:10.5'));
    fc.assert(
      fc.property(fc.array(fc.tuple(times, fc.string({ maxLength: 5 })), { minLength: 1, maxLength: 8 }), (list) => {
        for (const [t, pad] of list) {
          const text = `${pad}${t}"${pad}`;
          const fast = parseRfc3339At(text, pad.length, pad.length + t.length);
          const slow = parseRfc3339Ms(t);
          expect(Object.is(fast, slow)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
