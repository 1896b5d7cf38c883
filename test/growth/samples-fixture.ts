import { stringify } from 'csv-stringify/sync';
import { SAMPLE_COLUMNS, type SampleColumn } from '../../analysis/growth/samples-format.ts';

/** One synthetic relation: its size (and optional other columns) as functions of the tick. */
export interface FixtureRelation {
  relation: string;
  kind: 'table' | 'index' | 'toast' | 'database' | 'wal';
  parent?: string;
  total: (t: number, i: number) => number;
  extra?: (t: number, i: number) => Partial<Record<SampleColumn, number>>;
}

/**
 * A samples.csv in the sampler's exact format: `ticks` ticks every `stepS` seconds, work counters
 * from `events(t)` / `jobs(t)`, and an `@gap` row at each tick listed in `gapTicks`.
 */
export function samplesCsv(opts: {
  ticks: number;
  stepS: number;
  relations: FixtureRelation[];
  events?: (t: number) => number;
  jobs?: (t: number) => number;
  gapTicks?: number[];
}): string {
  const rows: Array<Record<string, string | number>> = [];
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < opts.ticks; i++) {
    const t = i * opts.stepS;
    const ts = new Date(start + t * 1000).toISOString();
    if (opts.gapTicks?.includes(i)) {
      rows.push({ ts, elapsed_s: t, relation: '@gap', kind: 'gap', note: 'connect ECONNREFUSED 127.0.0.1:5432' });
      continue;
    }
    for (const r of opts.relations) {
      const total = r.total(t, i);
      rows.push({
        ts,
        elapsed_s: t,
        relation: r.relation,
        total_bytes: total,
        table_bytes: r.kind === 'index' ? 0 : total,
        index_bytes: r.kind === 'index' ? total : 0,
        toast_bytes: 0,
        kind: r.kind,
        parent: r.parent ?? '',
        events_total: opts.events ? Math.round(opts.events(t)) : '',
        jobs_total: opts.jobs ? Math.round(opts.jobs(t)) : '',
        ...r.extra?.(t, i),
      });
    }
  }
  return stringify(rows, { header: true, columns: [...SAMPLE_COLUMNS] });
}
