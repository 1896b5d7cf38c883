/**
 * The `samples.csv` format written by the lifecycle sampler and read by the growth analysis
 * (issue 5): long format, one row per (tick, relation). The first nine columns are fixed by the
 * issue; the rest follow in this order. Database-wide series start with `@`.
 */

/** Columns every samples.csv starts with, in this order (issue 5 item 1). */
export const REQUIRED_COLUMNS = [
  'ts', 'elapsed_s', 'relation', 'total_bytes', 'table_bytes', 'index_bytes', 'toast_bytes', 'live_rows', 'dead_rows',
] as const;

/** Columns the sampler writes after the required ones (readers treat them as optional). */
export const EXTRA_COLUMNS = [
  /** table | index | toast | database | wal | gap */
  'kind',
  /** Table an index or TOAST relation belongs to (empty for tables and `@` series). */
  'parent',
  /** Rows inserted / updated / deleted so far (pg_stat_user_tables, carried across stats resets). */
  'inserts', 'updates', 'deletes',
  /** ISO times of the last manual and automatic vacuum, and how many autovacuums ran so far. */
  'last_vacuum', 'last_autovacuum', 'autovacuum_count',
  /** Dead tuples at which autovacuum is due: threshold + scale_factor × reltuples. */
  'autovacuum_trigger',
  /** Estimated bytes per heap tuple (pg_stats avg_width sum + tuple header), empty before ANALYZE. */
  'tuple_bytes_est',
  /** Work so far: rows ever inserted into job_events and jobs (the per-event / per-job denominators). */
  'events_total', 'jobs_total',
  /** Milliseconds the tick's catalog query took (the sampler's own cost, for the tick-time benchmark). */
  'tick_ms',
  /** For `@gap` rows: why the tick failed (never holds a URL or password). */
  'note',
] as const;

/** All columns in file order. */
export const SAMPLE_COLUMNS = [...REQUIRED_COLUMNS, ...EXTRA_COLUMNS] as const;

/** Name of one samples.csv column. */
export type SampleColumn = (typeof SAMPLE_COLUMNS)[number];

/** Relation name of a row that records a tick lost because the database was unreachable. */
export const GAP_RELATION = '@gap';

/** One parsed row; numbers are NaN when the cell was empty. */
export interface SampleRow {
  ts: string;
  elapsed_s: number;
  relation: string;
  total_bytes: number;
  table_bytes: number;
  index_bytes: number;
  toast_bytes: number;
  live_rows: number;
  dead_rows: number;
  kind: string;
  parent: string;
  inserts: number;
  updates: number;
  deletes: number;
  autovacuum_count: number;
  autovacuum_trigger: number;
  tuple_bytes_est: number;
  events_total: number;
  jobs_total: number;
}

/** The samples of one relation in time order, as parallel arrays (what the fits consume). */
export interface RelationSeries {
  relation: string;
  kind: string;
  parent: string;
  t: Float64Array;
  totalBytes: Float64Array;
  tableBytes: Float64Array;
  liveRows: Float64Array;
  deadRows: Float64Array;
  deletes: Float64Array;
  inserts: Float64Array;
  autovacuumTrigger: Float64Array;
  tupleBytesEst: Float64Array;
  eventsTotal: Float64Array;
  jobsTotal: Float64Array;
}

/** A whole samples file: every relation's series plus the ticks the database was away. */
export interface SamplesTable {
  relations: RelationSeries[];
  /** elapsed_s of each `@gap` row. */
  gaps: number[];
}
