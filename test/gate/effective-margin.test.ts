import { describe, expect, it } from 'vitest';
import { effectiveMargin } from '../../analysis/compare/compare-results.ts';
import { parseThresholdTable } from '../../analysis/threshold-table.ts';

describe('effective margin with an absolute floor', () => {
  it('is the relative margin for large values and floor / baseline for small ones', () => {
    expect(effectiveMargin({ margin: 0.1, floor: 10 }, 400)).toBeCloseTo(0.1);
    expect(effectiveMargin({ margin: 0.1, floor: 10 }, 2)).toBeCloseTo(5);
    expect(effectiveMargin({ margin: 0.1 }, 2)).toBeCloseTo(0.1);
    expect(effectiveMargin({ margin: 0.1, floor: 10 }, null)).toBeCloseTo(0.1);
  });

  it('the table accepts a floor ≥ 0 and rejects anything else, naming the place', () => {
    const table = (floor: unknown) => ({ version: 1, defaults: { 'http_req_duration{endpoint:get_job}': { thresholds: ['p(95)<200'], compare: { stat: 'p(95)', margin: 0.1, better: 'lower', floor }, description: 'd' } }, profiles: {} });
    expect(parseThresholdTable(table(10), 't.json').defaults['http_req_duration{endpoint:get_job}']!.compare!.floor).toBe(10);
    expect(() => parseThresholdTable(table(-1), 't.json')).toThrow(/t\.json: .*compare\.floor: must be a number ≥ 0/);
    expect(() => parseThresholdTable(table('5ms'), 't.json')).toThrow(/floor/);
  });
});
