import { CsvFormatError, CsvScanner } from './parse-csv.ts';
import { plainDecimal } from './parse-number.ts';
import { GAP_RELATION, REQUIRED_COLUMNS, type RelationSeries, type SamplesTable } from './samples-format.ts';

/** Numeric columns in the order they are checked (the first error in a row is the one reported). */
const NUMERIC = [
  'elapsed_s', 'total_bytes', 'table_bytes', 'index_bytes', 'toast_bytes', 'live_rows', 'dead_rows',
  'inserts', 'updates', 'deletes', 'autovacuum_count', 'autovacuum_trigger', 'tuple_bytes_est', 'events_total', 'jobs_total',
] as const;

/** Series column ← the numeric column it comes from. */
const SERIES = {
  t: 'elapsed_s', totalBytes: 'total_bytes', tableBytes: 'table_bytes', liveRows: 'live_rows', deadRows: 'dead_rows', deletes: 'deletes',
  inserts: 'inserts', autovacuumTrigger: 'autovacuum_trigger', tupleBytesEst: 'tuple_bytes_est', eventsTotal: 'events_total', jobsTotal: 'jobs_total',
} as const satisfies Record<string, (typeof NUMERIC)[number]>;
type SeriesName = keyof typeof SERIES;
const SERIES_NAMES = Object.keys(SERIES) as SeriesName[];
/** For each series column, its slot in the per-row values. */
const SERIES_SLOTS = SERIES_NAMES.map((s) => NUMERIC.indexOf(SERIES[s]));

interface Builder {
  relation: string;
  kind: string;
  parent: string;
  /** One growable buffer per series column; the first `n` entries are samples. */
  cols: Float64Array[];
  n: number;
}

/**
 * Parses samples.csv text into one time-ordered series per relation (and the gap ticks).
 * The header must start with the nine required columns in order; extra columns are optional and
 * may come in any order. Throws CsvFormatError (line, column) on anything malformed: a CSV syntax
 * error anywhere in the file first, else the first bad header cell, else the first bad row.
 */
export function parseSamplesCsv(text: string): SamplesTable {
  const sc = new CsvScanner(text);
  // Rows are read as the scan goes, but a syntax error later in the file outranks a bad value (the
  // former reader split the whole file first; a stray quote can also be what misplaced the value),
  // so a bad value is only reported once the rest of the file has scanned clean.
  const fail = (line: number, column: number, detail: string): never => {
    while (sc.next());
    throw new CsvFormatError(line, column, detail);
  };
  if (!sc.next()) throw new CsvFormatError(1, 1, 'empty file: expected a header starting with ' + REQUIRED_COLUMNS.join(','));
  const header = sc.cells();
  const headerLine = sc.recordLine;
  REQUIRED_COLUMNS.forEach((name, idx) => {
    if (header[idx]?.trim() !== name) fail(headerLine, idx + 1, `expected column "${name}", found "${header[idx] ?? ''}"`);
  });
  // Later duplicates win, as in a Map built from the header.
  const index = new Map(header.map((c, i) => [c.trim(), i] as const));
  const relationCol = index.get('relation')!;
  const kindCol = index.get('kind');
  const parentCol = index.get('parent');
  const numericCols = NUMERIC.map((name) => index.get(name) ?? -1);
  const values = new Float64Array(NUMERIC.length);
  const builders = new Map<string, Builder>();
  const gaps: number[] = [];
  let last: Builder | undefined;
  while (sc.next()) {
    const line = sc.recordLine;
    if (sc.count !== header.length) fail(line, Math.min(sc.count, header.length) + 1, `expected ${header.length} cells, found ${sc.count}`);
    if (sc.isEmpty(relationCol)) fail(line, relationCol + 1, 'relation is empty');
    for (let v = 0; v < NUMERIC.length; v++) values[v] = numberCell(sc, numericCols[v]!, NUMERIC[v]!, fail);
    let b = last;
    if (!b || !sameText(sc, relationCol, b.relation)) {
      const relation = sc.cell(relationCol);
      if (relation === GAP_RELATION) {
        gaps.push(values[0]!);
        continue;
      }
      b = builders.get(relation);
      if (!b) {
        const text = (col: number | undefined) => (col === undefined ? '' : detached(sc.cell(col)));
        b = { relation: detached(relation), kind: text(kindCol), parent: text(parentCol), cols: SERIES_NAMES.map(() => new Float64Array(64)), n: 0 };
        builders.set(b.relation, b);
      }
      last = b;
    }
    if (b.n === b.cols[0]!.length) b.cols = b.cols.map((c) => grown(c));
    for (let s = 0; s < SERIES_SLOTS.length; s++) b.cols[s]![b.n] = values[SERIES_SLOTS[s]!]!;
    b.n++;
  }
  const relations: RelationSeries[] = [];
  for (const b of builders.values()) {
    const order = timeOrder(b.cols[0]!.subarray(0, b.n));
    const series = Object.fromEntries(SERIES_NAMES.map((name, s) => [name, reorder(b.cols[s]!.subarray(0, b.n), order)])) as Record<SeriesName, Float64Array>;
    relations.push({ relation: b.relation, kind: b.kind, parent: b.parent, ...series });
  }
  return { relations, gaps: gaps.sort((a, b) => a - b) };
}

/** Value of the numeric cell in column `col` (-1: no such column) of the current record; NaN when empty. */
function numberCell(sc: CsvScanner, col: number, name: string, fail: (line: number, column: number, detail: string) => never): number {
  if (col < 0) return Number.NaN;
  if (sc.isEmpty(col)) return name === 'elapsed_s' ? fail(sc.recordLine, col + 1, `${name} is empty`) : Number.NaN;
  const decoded = sc.decoded[col];
  let v = decoded === undefined ? plainDecimal(sc.text, sc.starts[col]!, sc.ends[col]!) : Number.NaN;
  if (v !== v) {
    const cell = sc.cell(col);
    v = Number(cell);
    if (!Number.isFinite(v)) fail(sc.recordLine, col + 1, `${name} "${cell.slice(0, 40)}" is not a number`);
  }
  return v;
}

/** Whether cell `col` of the current record reads `s` (rows come in runs per tick, so this skips a Map lookup). */
function sameText(sc: CsvScanner, col: number, s: string): boolean {
  const decoded = sc.decoded[col];
  if (decoded !== undefined) return decoded === s;
  const start = sc.starts[col]!;
  if (sc.ends[col]! - start !== s.length) return false;
  return sc.text.startsWith(s, start);
}

/** A copy of `s` that does not keep the whole file's text alive (V8 slices point into their parent). */
function detached(s: string): string {
  return s.length < 13 ? s : [...s].join('');
}

/** Stable order of the samples by time; null when they already are in time order (the usual case). */
function timeOrder(t: Float64Array): number[] | null {
  let sorted = true;
  for (let i = 1; i < t.length && sorted; i++) sorted = t[i - 1]! <= t[i]!;
  return sorted ? null : Array.from(t, (_, i) => i).sort((x, y) => t[x]! - t[y]!);
}

/** A right-sized copy of `col`, in `order` when given. */
function reorder(col: Float64Array, order: number[] | null): Float64Array {
  return order ? Float64Array.from(order, (i) => col[i]!) : col.slice();
}

/** `col` copied into a buffer twice as long. */
function grown(col: Float64Array): Float64Array {
  const out = new Float64Array(col.length * 2);
  out.set(col);
  return out;
}
