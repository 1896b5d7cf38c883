import { describe, expect, it } from 'vitest';
import { analyzeGrowth, CONTRACT_UNBOUNDED_TODAY, CsvFormatError, validateContracts } from '../../analysis/growth/index.ts';
import { gaussian } from './synthetic-series.ts';
import { samplesCsv } from './samples-fixture.ts';

const MB = 1 << 20;
const noise = gaussian(11);

// One hour at 10 s: 50 events/s (5 jobs/s); job_events grows 400 B per event, job_claims leaks,
// job_snapshots cycles, agent_states is flat; the database holds them all.
const hour = samplesCsv({
  ticks: 360,
  stepS: 10,
  events: (t) => 50 * t,
  jobs: (t) => 5 * t,
  gapTicks: [100, 101],
  relations: [
    { relation: 'job_events', kind: 'table', total: (t) => 2 * MB + 400 * 50 * t + 3000 * noise() },
    { relation: 'job_claims', kind: 'table', total: (t) => MB + 100 * 5 * t + 2000 * noise() },
    { relation: 'job_snapshots', kind: 'table', total: (t) => 4 * MB + 2 * MB * ((t % 300) / 300) + 5000 * noise() },
    {
      relation: 'agent_states',
      kind: 'table',
      total: () => 64 * 1024,
      // Dead tuples stay above the autovacuum trigger for the whole hour.
      extra: () => ({ live_rows: 100, dead_rows: 500, autovacuum_trigger: 70, tuple_bytes_est: 100 }),
    },
    { relation: 'tool_invocations', kind: 'table', total: () => 256 * 1024, extra: (t) => ({ inserts: Math.round(2 * t), deletes: 0 }) },
    { relation: '@database', kind: 'database', total: (t) => 20 * MB + 21_000 * t + 5000 * noise() },
  ],
});

describe('analyzeGrowth on a one-hour samples file', () => {
  const report = analyzeGrowth(hour, { retentionS: 7 * 86_400, diskBudgetBytes: 100e9 });
  const rel = (name: string) => report.relations.find((r) => r.relation === name)!;

  it('gives every relation a verdict, a model and a one-sentence reason', () => {
    expect(rel('job_events').verdict).toBe('unbounded');
    expect(rel('job_claims').verdict).toBe('unbounded');
    expect(rel('job_snapshots').verdict).toBe('bounded');
    expect(rel('agent_states').verdict).toBe('bounded');
    for (const r of report.relations) {
      expect(['bounded', 'unbounded', 'inconclusive']).toContain(r.verdict);
      expect(r.reason).toMatch(/\.$/);
      expect(r.models.length).toBeGreaterThan(0);
    }
  });

  it('explains growth per event and per job, per hour, and projects it', () => {
    const ev = rel('job_events');
    expect(ev.bytesPerEvent).toBeGreaterThan(390);
    expect(ev.bytesPerEvent).toBeLessThan(410);
    expect(ev.bytesPerJob).toBeGreaterThan(3900);
    expect(ev.growthPerHour! / (400 * 50 * 3600)).toBeCloseTo(1, 1);
    // 30 days along the fitted line: 2 MB + 20 kB/s × (1 h + 30 d).
    expect(ev.projectedBytes! / (2 * MB + 20_000 * (3600 + 30 * 86_400))).toBeCloseTo(1, 1);
    // With a 7-day retention window only 7 days of growth are kept.
    expect(ev.projectedWithRetentionBytes! / (2 * MB + 20_000 * 7 * 86_400)).toBeCloseTo(1, 1);
  });

  it('splits the heap into live, dead and free space and flags autovacuum starvation', () => {
    const a = rel('agent_states').explanation;
    expect(a.split!.last).toEqual({ live: 10_000, dead: 50_000, free: 64 * 1024 - 60_000 });
    expect(a.autovacuumStarved).toBe(true);
    expect(rel('job_events').explanation.autovacuumStarved).toBe(false);
  });

  it('evaluates the default contracts and lists the breaches', () => {
    const byRel = new Map(report.contracts.map((c) => [c.relation, c]));
    expect(byRel.get('job_events')!.status).toBe('ok'); // 400 B/event ≤ 2 KiB
    expect(byRel.get('job_claims')!.status).toBe('breach');
    expect(byRel.get('job_snapshots')!.status).toBe('ok');
    expect(byRel.get('jobs')!.status).toBe('unknown'); // not sampled
    expect(report.breaches.map((b) => b.relation)).toEqual(['job_claims']);
    expect(report.unboundedToday).toEqual([...CONTRACT_UNBOUNDED_TODAY]);
    expect(report.unboundedToday).toContain('job_claims');
  });

  it('a contract with a tighter per-event budget is breached with its reason', () => {
    const strict = analyzeGrowth(hour, { contracts: [{ relation: 'job_events', kind: 'linear-in-events', maxBytesPerEvent: 100 }] });
    expect(strict.breaches).toHaveLength(1);
    expect(strict.breaches[0]!.reason).toMatch(/per event, over the 100 B allowed/);
  });

  it('records the gaps and draws recommendations that name their measurements', () => {
    expect(report.gaps.count).toBe(2);
    const topics = report.recommendations.map((r) => r.topic);
    expect(topics).toEqual(expect.arrayContaining(['retention-window', 'snapshot-threshold', 'gc-batch-size', 'autovacuum']));
    for (const r of report.recommendations) expect(r.basedOn.length).toBeGreaterThan(0);
    const retention = report.recommendations.find((r) => r.topic === 'retention-window')!;
    expect(retention.basedOn.join(' ')).toMatch(/@database steady-state growth/);
    expect(report.recommendations.find((r) => r.topic === 'snapshot-threshold')!.text).toMatch(/average 10\.0 events/);
  });

  it('does not judge samples taken after the load stopped', () => {
    // Leaks for 30 min while work runs, then the load stops and the size stays put for 30 min.
    const csv = samplesCsv({
      ticks: 360,
      stepS: 10,
      events: (t) => 50 * Math.min(t, 1800),
      relations: [{ relation: 'job_claims', kind: 'table', total: (t) => MB + 500 * Math.min(t, 1800) }],
    });
    const r = analyzeGrowth(csv).relations[0]!;
    expect(r.verdict).toBe('unbounded');
    expect(r.idleTailS).toBeGreaterThan(1700);
  });

  it('throws CsvFormatError with line and column on malformed text', () => {
    const bad = hour.split('\n');
    bad[5] = bad[5]!.replace(/^([^,]*,[^,]*,[^,]*,)[^,]*/, '$1twelve');
    try {
      analyzeGrowth(bad.join('\n'));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CsvFormatError);
      expect((err as CsvFormatError).line).toBe(6);
      expect((err as CsvFormatError).column).toBe(4);
    }
  });

  it('validates contract files and lists every problem', () => {
    expect(validateContracts([{ relation: 'jobs', kind: 'bounded' }])).toEqual([]);
    expect(validateContracts({ contracts: [{ relation: '', kind: 'linear-in-events' }, { relation: 'x', kind: 'grows' }] })).toEqual([
      'contracts[0].relation: expected a relation name',
      'contracts[0].maxBytesPerEvent: expected a positive number',
      'contracts[1].kind: expected one of bounded, linear-in-events, linear-in-jobs, unbounded-allowed',
    ]);
  });

  it('judges a long soak (250,000 ticks, ~17 h at 250 ms) without overflowing the call stack', () => {
    const n = 250_000;
    const t = Float64Array.from({ length: n }, (_, i) => i / 4);
    const events = t.map((x) => 50 * x);
    const column = (f: (x: number) => number) => t.map(f);
    const zeros = new Float64Array(n);
    const relation = { relation: 'job_events', kind: 'table', parent: '', t, totalBytes: column((x) => 8192 * Math.ceil((MB + 400 * 50 * x) / 8192)), tableBytes: zeros, liveRows: column((x) => 50 * x), deadRows: zeros, deletes: zeros, inserts: events, autovacuumTrigger: zeros, tupleBytesEst: zeros, eventsTotal: events, jobsTotal: column((x) => 5 * x) };
    const r = analyzeGrowth({ relations: [relation], gaps: [] }).relations[0]!;
    expect(r.verdict).toBe('unbounded');
    expect(r.bytesPerEvent).toBeCloseTo(400, -1);
  }, 60_000);
});
