/** Malformed input, located by 1-based line and column. */
export class CsvFormatError extends Error {
  override name = 'CsvFormatError';
  constructor(readonly line: number, readonly column: number, readonly detail: string) {
    super(`line ${line}, column ${column}: ${detail}`);
  }
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Reads RFC 4180 CSV (what csv-stringify writes: quotes around cells holding `,`, `"` or a
 * newline, `""` for a quote) one record at a time, without copying cells: a record is a list of
 * [start, end) offsets into the text, plus the decoded text of the (rare) quoted cells. A quote
 * opens a quoted cell only at the start of a cell; `\r\n`, `\n` and a lone `\r` end a record;
 * blank records (one empty cell) are skipped. Throws CsvFormatError on an unterminated quote or
 * text after a closing quote.
 */
export class CsvScanner {
  /** 1-based line the current record starts on. */
  recordLine = 0;
  /** Number of cells in the current record. */
  count = 0;
  /** Cell k of the current record is text[starts[k], ends[k]) unless decoded[k] is set (a quoted cell). */
  starts = new Int32Array(32);
  ends = new Int32Array(32);
  decoded: Array<string | undefined> = [];
  private pos = 0;
  private line = 1;

  constructor(readonly text: string) {}

  /** Advances to the next non-blank record; false at the end of the text. */
  next(): boolean {
    const text = this.text;
    const n = text.length;
    while (this.pos < n) {
      this.recordLine = this.line;
      let i = this.pos;
      let count = 0;
      for (;;) {
        if (count === this.starts.length) this.grow();
        if (text.charCodeAt(i) === QUOTE) {
          i = this.readQuoted(i, count);
        } else {
          const start = i;
          let c = 0;
          while (i < n && (c = text.charCodeAt(i)) !== COMMA && c !== LF && c !== CR) i++;
          this.starts[count] = start;
          this.ends[count] = i;
          this.decoded[count] = undefined;
        }
        count++;
        if (i >= n) break;
        const c = text.charCodeAt(i);
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === CR) i++;
        if (text.charCodeAt(i) === LF) i++;
        this.line++;
        break;
      }
      this.pos = i;
      this.count = count;
      if (!(count === 1 && this.isEmpty(0))) return true;
    }
    return false;
  }

  /** True when cell k of the current record is empty. */
  isEmpty(k: number): boolean {
    const d = this.decoded[k];
    return d === undefined ? this.starts[k] === this.ends[k] : d === '';
  }

  /** Text of cell k of the current record. */
  cell(k: number): string {
    return this.decoded[k] ?? this.text.slice(this.starts[k], this.ends[k]);
  }

  /** Every cell of the current record as strings. */
  cells(): string[] {
    const out: string[] = [];
    for (let k = 0; k < this.count; k++) out.push(this.cell(k));
    return out;
  }

  /** Decodes the quoted cell opening at `open` into cell slot k; returns the index after its closing quote. */
  private readQuoted(open: number, k: number): number {
    const text = this.text;
    const quoteLine = this.line;
    let value = '';
    let i = open + 1;
    for (;;) {
      const close = text.indexOf('"', i);
      if (close < 0) throw new CsvFormatError(quoteLine, k + 1, 'unterminated quoted cell');
      value += text.slice(i, close);
      for (let j = text.indexOf('\n', i); j >= 0 && j < close; j = text.indexOf('\n', j + 1)) this.line++;
      if (text.charCodeAt(close + 1) === QUOTE) {
        value += '"';
        i = close + 2;
        continue;
      }
      i = close + 1;
      break;
    }
    const c = text.charCodeAt(i);
    if (i < text.length && c !== COMMA && c !== LF && c !== CR) throw new CsvFormatError(this.line, k + 1, 'text after a closing quote');
    this.starts[k] = open;
    this.ends[k] = i;
    this.decoded[k] = value;
    return i;
  }

  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}
