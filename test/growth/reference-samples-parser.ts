// The samples.csv reader as it was before the single-pass rewrite (analysis/growth/parse-samples.ts),
// kept verbatim as the reference the fast reader must match, output for output and error for error.
// Slow (2.6 s on 45 MiB) and plain: split the whole file into string cells, then look at them.
import { CsvFormatError } from '../../analysis/growth/parse-csv.ts';
import { GAP_RELATION, REQUIRED_COLUMNS, type RelationSeries, type SamplesTable } from '../../analysis/growth/samples-format.ts';

interface CsvRecord {
  line: number;
  cells: string[];
}

function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    let cell = '';
    let atRecordEnd = false;
    while (!atRecordEnd) {
      if (text[i] === '"') {
        const quoteLine = line;
        const quoteCol = cells.length + 1;
        i++;
        for (;;) {
          if (i >= n) throw new CsvFormatError(quoteLine, quoteCol, 'unterminated quoted cell');
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === '\n') line++;
          cell += ch;
          i++;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          throw new CsvFormatError(line, cells.length + 1, 'text after a closing quote');
        }
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') cell += text[i++];
      }
      if (i >= n) {
        atRecordEnd = true;
      } else if (text[i] === ',') {
        i++;
        cells.push(cell);
        cell = '';
        continue;
      } else {
        if (text[i] === '\r') i++;
        if (text[i] === '\n') i++;
        line++;
        atRecordEnd = true;
      }
      cells.push(cell);
    }
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: startLine, cells });
  }
  return records;
}

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

/** The former parseSamplesCsv, unchanged: the reference for the fast reader. */
export function referenceParseSamplesCsv(text: string): SamplesTable {
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
