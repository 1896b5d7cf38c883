import { GAP_RELATION, SAMPLE_COLUMNS, type SampleColumn } from '../analysis/growth/samples-format.ts';
import type { TickRow } from './catalog-queries.ts';
import type { CumulativeCounters } from './cumulative-counters.ts';

/** One samples.csv row as cells in SAMPLE_COLUMNS order ('' for a missing value). */
export type CsvCells = string[];

function cell(v: number | string | Date | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return v;
}

function row(values: Partial<Record<SampleColumn, number | string | Date | null>>): CsvCells {
  return SAMPLE_COLUMNS.map((c) => cell(values[c]));
}

/**
 * Turns one tick's catalog rows into samples.csv rows: counters carried across stats resets,
 * and the work so far (inserts into job_events and jobs) stamped on every row so that any
 * relation can be regressed on it without a join.
 */
export function tickToCells(rows: TickRow[], at: Date, elapsedS: number, counters: CumulativeCounters, tickMs: number): CsvCells[] {
  const carried = rows.map((r) => ({
    r,
    inserts: counters.carry(`${r.relation}:ins`, r.inserts),
    updates: counters.carry(`${r.relation}:upd`, r.updates),
    deletes: counters.carry(`${r.relation}:del`, r.deletes),
  }));
  const insertsOf = (name: string) => carried.find((c) => c.r.kind === 'table' && c.r.relation === name)?.inserts ?? null;
  const events = insertsOf('job_events');
  const jobs = insertsOf('jobs');
  const ts = at.toISOString();
  const elapsed = Math.round(elapsedS * 1000) / 1000;
  return carried.map(({ r, inserts, updates, deletes }) =>
    row({
      ts,
      elapsed_s: elapsed,
      relation: r.relation,
      total_bytes: r.total_bytes,
      table_bytes: r.table_bytes,
      index_bytes: r.index_bytes,
      toast_bytes: r.toast_bytes,
      live_rows: r.live_rows,
      dead_rows: r.dead_rows,
      kind: r.kind,
      parent: r.parent,
      inserts,
      updates,
      deletes,
      last_vacuum: r.last_vacuum,
      last_autovacuum: r.last_autovacuum,
      autovacuum_count: r.autovacuum_count,
      autovacuum_trigger: r.autovacuum_trigger,
      tuple_bytes_est: r.tuple_bytes_est,
      events_total: events,
      jobs_total: jobs,
      tick_ms: Math.round(tickMs * 100) / 100,
    }),
  );
}

/** The row that records a tick lost because the database could not be read. */
export function gapCells(at: Date, elapsedS: number, reason: string): CsvCells {
  return row({ ts: at.toISOString(), elapsed_s: Math.round(elapsedS * 1000) / 1000, relation: GAP_RELATION, kind: 'gap', note: reason });
}
