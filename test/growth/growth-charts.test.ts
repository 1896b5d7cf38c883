// The report's growth charts (analysis/report-html/chart-data.ts): only relations that grew by at
// least a page are charted, unbounded ones first, and a long soak's series does not overflow anything.
import { describe, expect, it } from 'vitest';
import { buildChartData } from '../../analysis/report-html/chart-data.ts';
import type { RelationSeries } from '../../analysis/growth/samples-format.ts';
import { emptyResult } from '../../analysis/result/empty-result.ts';
import type { GrowthRelation } from '../../analysis/result/types.ts';

function relation(name: string, n: number, size: (t: number) => number): RelationSeries {
  const t = Float64Array.from({ length: n }, (_, i) => i);
  const zeros = new Float64Array(n);
  return { relation: name, kind: 'table', parent: '', t, totalBytes: t.map(size), tableBytes: zeros, liveRows: zeros, deadRows: zeros, deletes: zeros, inserts: zeros, autovacuumTrigger: zeros, tupleBytesEst: zeros, eventsTotal: zeros, jobsTotal: zeros };
}

function charts(relations: RelationSeries[], verdicts: GrowthRelation[]) {
  const result = emptyResult('r', 'run-dir');
  result.growth = { status: 'computed', relations: verdicts };
  return buildChartData({ result, verdictLine: '', outcome: '', samples: { relations, gaps: [] }, samplesStartMs: 0, faults: [], observability: [], baseline: null, gatedTrends: [] }).growthCharts;
}

const verdict = (relation: string, v: GrowthRelation['verdict'], model: string): GrowthRelation => ({ relation, verdict: v, model, reason: 'r' });

describe('growth charts', () => {
  it('skip relations that never grew by a page and put unbounded ones first', () => {
    const out = charts(
      [relation('steady', 50, (t) => 65_536 + 4096 * Math.min(t, 20)), relation('flat', 50, (t) => 16_384 + (t % 2) * 8191), relation('leak', 50, (t) => 8192 * t)],
      [verdict('steady', 'bounded', 'plateau'), verdict('flat', 'bounded', 'constant'), verdict('leak', 'unbounded', 'linear')],
    );
    expect(out.map((c) => c.id)).toEqual(['growth-leak', 'growth-steady']);
  });

  it('a long soak (250,000 ticks) is charted without a stack overflow', () => {
    const out = charts([relation('big', 250_000, (t) => 8192 * Math.floor(t / 1000))], [verdict('big', 'unbounded', 'linear')]);
    expect(out).toHaveLength(1);
    expect(out[0]!.x).toHaveLength(250_000);
  }, 60_000);
});
