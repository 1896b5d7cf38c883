/** A CSV cell with the 1-based line it starts on (for error messages). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** Malformed input, located by 1-based line and column. */
export class CsvFormatError extends Error {
  override name = 'CsvFormatError';
  constructor(readonly line: number, readonly column: number, readonly detail: string) {
    super(`line ${line}, column ${column}: ${detail}`);
  }
}

/**
 * Splits RFC 4180 CSV (what csv-stringify writes: quotes around cells holding `,`, `"` or a
 * newline, `""` for a quote) into records. Blank lines are skipped. Throws CsvFormatError on an
 * unterminated quote or text after a closing quote.
 */
export function parseCsv(text: string): CsvRecord[] {
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
