import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRfc3339Ms } from '../../analysis/ingest/rfc3339.ts';

describe('parseRfc3339Ms', () => {
  it('reads k6 times with nanoseconds and offsets', () => {
    expect(parseRfc3339Ms('2023-09-08T21:03:10.549397854+02:00')).toBeCloseTo(Date.parse('2023-09-08T19:03:10.549Z') + 0.397, 6);
    expect(parseRfc3339Ms('2021-02-24T13:37:10Z')).toBe(Date.parse('2021-02-24T13:37:10Z'));
    expect(parseRfc3339Ms('2022-01-05T12:46:23.603474+01:00')).toBeCloseTo(Date.parse('2022-01-05T11:46:23.603Z') + 0.474, 6);
    expect(parseRfc3339Ms('2019-07-05T11:04:04-05:30')).toBe(Date.parse('2019-07-05T16:34:04Z'));
  });

  it('refuses what is not RFC 3339', () => {
    for (const bad of ['', 'yesterday', '2021-02-24', '2021-02-24T13:37:10', '2021-02-24T13:37:10.Z', '2021-02-24T13:37:10+2', 'xxxx-02-24T13:37:10Z']) expect(parseRfc3339Ms(bad)).toBeNaN();
  });

  it('property: agrees with Date.parse to the microsecond, whatever the order of calls (cache)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), fc.integer({ min: 0, max: 999 }), fc.integer({ min: -14 * 60, max: 14 * 60 }), (d, micros, offsetMin) => {
        const local = new Date(d.getTime() + offsetMin * 60_000).toISOString().slice(0, 23);
        const sign = offsetMin < 0 ? '-' : '+';
        const abs = Math.abs(offsetMin);
        const text = `${local}${String(micros).padStart(3, '0')}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        expect(parseRfc3339Ms(text)).toBeCloseTo(d.getTime() + micros / 1000, 6);
      }),
      { numRuns: 500 },
    );
  });
});
