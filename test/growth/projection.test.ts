import { describe, expect, it } from 'vitest';
import { analyzeGrowth } from '../../analysis/growth/index.ts';
import { samplesCsv } from './samples-fixture.ts';

describe('projection to the horizon', () => {
  it('uses the measured linear rate, not a fitted curve, when the horizon is far beyond the run', () => {
    // 40 s of an accelerating leak: a power law fits it best, and extrapolated 30 days it would
    // claim absurd sizes; the projection must stay at the steady-state slope instead.
    const csv = samplesCsv({ ticks: 40, stepS: 1, relations: [{ relation: 'leaky', kind: 'table', total: (t) => 65_536 + 8192 * Math.floor((400 * t ** 1.8) / 8192) }], events: (t) => t * 10, jobs: (t) => t });
    const r = analyzeGrowth(csv, { contracts: [] }).relations.find((x) => x.relation === 'leaky')!;
    expect(r.verdict).toBe('unbounded');
    expect(r.projectionBasis).toMatch(/Theil–Sen slope \(the horizon is \d+× the observed span/);
    const slopePerS = (r.growthPerHour ?? 0) / 3600;
    expect(r.projectedBytes).toBeCloseTo(r.lastBytes + slopePerS * 30 * 86_400, -3);
  });

  it('keeps the fitted curve when the horizon is within ten times the observed span', () => {
    const csv = samplesCsv({ ticks: 40, stepS: 1, relations: [{ relation: 'leaky', kind: 'table', total: (t) => 65_536 + 4096 * t }], events: (t) => t * 10, jobs: (t) => t });
    const r = analyzeGrowth(csv, { contracts: [], horizonS: 300 }).relations.find((x) => x.relation === 'leaky')!;
    expect(r.projectionBasis).toMatch(/model$/);
  });
});
