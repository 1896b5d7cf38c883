import { parseCsv, CsvFormatError } from './parse-csv.ts';
import { GAP_RELATION, REQUIRED_COLUMNS, type RelationSeries, type SamplesTable } from './samples-format.ts';

const NUMERIC_OPTIONAL = [
  'inserts', 'updates', 'deletes', 'autovacuum_count', 'autovacuum_trigger', 'tuple_bytes_est', 'events_total', 'jobs_total',
] as const;
const NUMERIC_REQUIRED = ['elapsed_s', 'total_bytes', 'table_bytes', 'index_bytes', 'toast_bytes', 'live_rows', 'dead_rows'] as const;

interface Builder {
  relation: string;
  kind: string;
  parent: string;
  cols: Record<string, number[]>;
}

const SERIES_COLS = ['t', 'totalBytes', 'tableBytes', 'liveRows', 'deadRows', 'deletes', 'inserts', 'autovacuumTrigger', 'tupleBytesEst', 'eventsTotal', 'jobsTotal'] as const;

function num(cell: string | undefined, line: number, column: number, name: string, required: boolean): number {
  if (cell === undefined || cell === '') {
    if (required && name === 'elapsed_s') throw new CsvFormatError(line, column, `${name} is empty`);
    return Number.NaN;
  }
  const v = Number(cell);
  if (!Number.isFinite(v)) throw new CsvFormatError(line, column, `${name} "${cell.slice(0, 40)}" is not a number`);
  return v;
}

/**
 * Parses samples.csv text into one time-ordered series per relation (and the gap ticks).
 * The header must start with the nine required columns in order; extra columns are optional and
 * may come in any order. Throws CsvFormatError (line, column) on anything malformed.
 */
export function parseSamplesCsv(text: string): SamplesTable {
  const records = parseCsv(text);
  const header = records[0];
  if (!header) throw new CsvFormatError(1, 1, 'empty file: expected a header starting with ' + REQUIRED_COLUMNS.join(','));
  REQUIRED_COLUMNS.forEach((name, idx) => {
    if (header.cells[idx]?.trim() !== name) {
      throw new CsvFormatError(header.line, idx + 1, `expected column "${name}", found "${header.cells[idx] ?? ''}"`);
    }
  });
  const index = new Map(header.cells.map((c, i) => [c.trim(), i] as const));
  const builders = new Map<string, Builder>();
  const gaps: number[] = [];
  for (const rec of records.slice(1)) {
    if (rec.cells.length !== header.cells.length) {
      throw new CsvFormatError(rec.line, Math.min(rec.cells.length, header.cells.length) + 1, `expected ${header.cells.length} cells, found ${rec.cells.length}`);
    }
    const cell = (name: string) => {
      const i = index.get(name);
      return i === undefined ? undefined : rec.cells[i];
    };
    const colOf = (name: string) => (index.get(name) ?? 0) + 1;
    const relation = cell('relation') ?? '';
    if (relation === '') throw new CsvFormatError(rec.line, colOf('relation'), 'relation is empty');
    const values: Record<string, number> = {};
    for (const name of NUMERIC_REQUIRED) values[name] = num(cell(name), rec.line, colOf(name), name, true);
    for (const name of NUMERIC_OPTIONAL) values[name] = num(cell(name), rec.line, colOf(name), name, false);
    if (relation === GAP_RELATION) {
      gaps.push(values.elapsed_s!);
      continue;
    }
    let b = builders.get(relation);
    if (!b) {
      b = { relation, kind: cell('kind') ?? '', parent: cell('parent') ?? '', cols: Object.fromEntries(SERIES_COLS.map((c) => [c, []])) };
      builders.set(relation, b);
    }
    const push = (col: (typeof SERIES_COLS)[number], v: number) => b.cols[col]!.push(v);
    push('t', values.elapsed_s!);
    push('totalBytes', values.total_bytes!);
    push('tableBytes', values.table_bytes!);
    push('liveRows', values.live_rows!);
    push('deadRows', values.dead_rows!);
    push('deletes', values.deletes!);
    push('inserts', values.inserts!);
    push('autovacuumTrigger', values.autovacuum_trigger!);
    push('tupleBytesEst', values.tuple_bytes_est!);
    push('eventsTotal', values.events_total!);
    push('jobsTotal', values.jobs_total!);
  }
  const relations: RelationSeries[] = [];
  for (const b of builders.values()) {
    const order = b.cols.t!.map((_, i) => i).sort((x, y) => b.cols.t![x]! - b.cols.t![y]!);
    const arr = (col: (typeof SERIES_COLS)[number]) => Float64Array.from(order, (i) => b.cols[col]![i]!);
    relations.push({
      relation: b.relation,
      kind: b.kind,
      parent: b.parent,
      t: arr('t'),
      totalBytes: arr('totalBytes'),
      tableBytes: arr('tableBytes'),
      liveRows: arr('liveRows'),
      deadRows: arr('deadRows'),
      deletes: arr('deletes'),
      inserts: arr('inserts'),
      autovacuumTrigger: arr('autovacuumTrigger'),
      tupleBytesEst: arr('tupleBytesEst'),
      eventsTotal: arr('eventsTotal'),
      jobsTotal: arr('jobsTotal'),
    });
  }
  return { relations, gaps: gaps.sort((a, b) => a - b) };
}
