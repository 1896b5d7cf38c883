/**
 * The one query the sampler runs per tick. Catalog functions and statistics views only (no
 * count(*), no table scan), so a tick costs the same at 1 M and at 10 M rows: sizes from
 * pg_total_relation_size / pg_relation_size / pg_indexes_size, TOAST via reltoastrelid, tuples
 * and counters from pg_stat_user_tables, tuple width from pg_stats, database size from
 * pg_database_size, WAL written from pg_current_wal_lsn().
 *
 * Every user table (outside pg_catalog, information_schema, pg_toast and temp schemas) gives a
 * `table` row, one `index` row per index (named by the index) and a `toast` row `<table>@toast`
 * when it has a TOAST relation; then `@database` and `@wal` (cumulative bytes of WAL written since
 * the cluster was created, which survives restarts, unlike pg_stat_wal).
 */
export const TICK_SQL = `
WITH tabs AS (
  SELECT c.oid, c.reltoastrelid, c.reltuples,
         CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END AS name,
         n.nspname, c.relname,
         s.n_live_tup, s.n_dead_tup, s.n_tup_ins, s.n_tup_upd, s.n_tup_del,
         s.last_vacuum, s.last_autovacuum, s.autovacuum_count
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
   WHERE c.relkind IN ('r', 'p')
     AND n.nspname NOT IN ('pg_catalog', 'information_schema')
     AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
), av AS (
  SELECT current_setting('autovacuum_vacuum_threshold')::float8 AS thr,
         current_setting('autovacuum_vacuum_scale_factor')::float8 AS sf
), widths AS (
  SELECT schemaname, tablename, sum(avg_width)::float8 AS w FROM pg_stats GROUP BY schemaname, tablename
)
SELECT 'table' AS kind, t.name AS relation, NULL::text AS parent,
       pg_total_relation_size(t.oid)::float8 AS total_bytes,
       pg_relation_size(t.oid)::float8 AS table_bytes,
       pg_indexes_size(t.oid)::float8 AS index_bytes,
       CASE WHEN t.reltoastrelid <> 0 THEN pg_total_relation_size(t.reltoastrelid) ELSE 0 END::float8 AS toast_bytes,
       t.n_live_tup::float8 AS live_rows, t.n_dead_tup::float8 AS dead_rows,
       t.n_tup_ins::float8 AS inserts, t.n_tup_upd::float8 AS updates, t.n_tup_del::float8 AS deletes,
       t.last_vacuum, t.last_autovacuum, t.autovacuum_count::float8 AS autovacuum_count,
       (av.thr + av.sf * greatest(t.reltuples, 0))::float8 AS autovacuum_trigger,
       -- heap tuple header (23 B, aligned to 24) + line pointer (4 B) + the columns' average widths
       (28 + w.w)::float8 AS tuple_bytes_est
  FROM tabs t CROSS JOIN av
  LEFT JOIN widths w ON w.schemaname = t.nspname AND w.tablename = t.relname
UNION ALL
SELECT 'index', CASE WHEN t.nspname = 'public' THEN i.relname ELSE t.nspname || '.' || i.relname END, t.name,
       pg_relation_size(i.oid)::float8, 0, pg_relation_size(i.oid)::float8, 0,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM tabs t
  JOIN pg_index x ON x.indrelid = t.oid
  JOIN pg_class i ON i.oid = x.indexrelid
UNION ALL
SELECT 'toast', t.name || '@toast', t.name,
       pg_total_relation_size(t.reltoastrelid)::float8, pg_relation_size(t.reltoastrelid)::float8,
       pg_indexes_size(t.reltoastrelid)::float8, pg_total_relation_size(t.reltoastrelid)::float8,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM tabs t WHERE t.reltoastrelid <> 0
UNION ALL
SELECT 'database', '@database', NULL, pg_database_size(current_database())::float8, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
UNION ALL
SELECT 'wal', '@wal', NULL, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::float8, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
`;

/** One row of TICK_SQL as node-postgres returns it. */
export interface TickRow {
  kind: 'table' | 'index' | 'toast' | 'database' | 'wal';
  relation: string;
  parent: string | null;
  total_bytes: number | null;
  table_bytes: number | null;
  index_bytes: number | null;
  toast_bytes: number | null;
  live_rows: number | null;
  dead_rows: number | null;
  inserts: number | null;
  updates: number | null;
  deletes: number | null;
  last_vacuum: Date | null;
  last_autovacuum: Date | null;
  autovacuum_count: number | null;
  autovacuum_trigger: number | null;
  tuple_bytes_est: number | null;
}
