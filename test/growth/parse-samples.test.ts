// The single-pass samples.csv reader must answer exactly as the former split-then-read one
// (reference-samples-parser.ts): same series bit for bit (-0 and NaN included), same error, same
// line and column, on generated files covering what the format allows and on corrupted copies.
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { CsvFormatError } from '../../analysis/growth/parse-csv.ts';
import { parseSamplesCsv } from '../../analysis/growth/parse-samples.ts';
import { EXTRA_COLUMNS, REQUIRED_COLUMNS } from '../../analysis/growth/samples-format.ts';
import { syntheticSamples } from '../../bench/growth-fit.ts';
import { referenceParseSamplesCsv } from './reference-samples-parser.ts';
import { rng } from './synthetic-series.ts';

/** What a parser made of a text: its table (numbers spelled so -0 and NaN survive) or its error. */
function outcome(parse: (text: string) => unknown, text: string): string {
  try {
    const table = parse(text);
    return JSON.stringify(table, (_k, v) =>
      v instanceof Float64Array ? Array.from(v, (x) => (Object.is(x, -0) ? '-0' : Number.isNaN(x) ? 'NaN' : x)) : Object.is(v, -0) ? '-0' : v,
    );
  } catch (err) {
    if (!(err instanceof CsvFormatError)) throw err;
    return `CsvFormatError ${err.line}:${err.column} ${err.message}`;
  }
}

function expectSameAnswer(text: string): string {
  const expected = outcome(referenceParseSamplesCsv, text);
  expect(outcome(parseSamplesCsv, text), JSON.stringify(text.slice(0, 400))).toBe(expected);
  return expected;
}

const RELATIONS = ['job_events', 'job_events_pkey', 'jobs', '@database', '@wal', '@gap', 'a,b', 'say "hi"', 'two\nlines', 'tâble_ü_long_name', 'pg_toast_16384', 'x'];
const NUMBERS = [
  '0', '7', '-3', '123456789', '40960', '12.345', '0.25', '-0', '-0.0', '5.', '.5', '-.5', '00012', '1e3', '2.5E-2', ' 42 ', '0x1F',
  '+7', '123456789012345', '1234567890123456', '853628260240.19786', '212524819108117.13', '12345678901234567890', '0.1000000000000001', '9007199254740993', '3.14159265358979',
];
const BAD_NUMBERS = ['twelve', 'NaN', 'Infinity', '1e999', '-', '.', '1,5', '1 2', '--1'];

/** A samples.csv as csv-stringify writes it, with a random subset and order of the extra columns. */
function generated(seed: number): string {
  const u = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(u() * xs.length)]!;
  const extras = EXTRA_COLUMNS.filter(() => u() < 0.7).sort(() => u() - 0.5);
  if (u() < 0.3) extras.push('custom_col' as (typeof EXTRA_COLUMNS)[number]);
  const columns = [...REQUIRED_COLUMNS, ...extras];
  const rows: string[][] = [];
  const ticks = 1 + Math.floor(u() * 12);
  for (let i = 0; i < ticks; i++) {
    // Mostly increasing time, sometimes repeated or out of order (the reader sorts per relation).
    const t = u() < 0.15 ? String(Math.floor(u() * ticks)) : u() < 0.5 ? String(i * 5) : (i * 0.25 + 0.004).toFixed(3);
    for (const relation of RELATIONS.filter(() => u() < 0.5)) {
      rows.push(
        columns.map((c) => {
          if (c === 'ts') return new Date(Date.UTC(2026, 0, 1) + i * 5000).toISOString();
          if (c === 'elapsed_s') return t;
          if (c === 'relation') return relation;
          if (c === 'kind' || c === 'parent') return pick(['table', 'index', '', 'gap', 'jobs, really']);
          if (c === 'note') return pick(['', 'connect ECONNREFUSED 127.0.0.1:5432', 'a "quoted", multi\nline\r\nnote', ',']);
          if (c === 'last_vacuum' || c === 'last_autovacuum') return pick(['', '2026-01-01T00:00:00.000Z']);
          return u() < 0.2 ? '' : pick(NUMBERS);
        }),
      );
    }
  }
  const text = stringify(rows, { header: true, columns, quoted: u() < 0.2, record_delimiter: u() < 0.3 ? 'windows' : 'unix' });
  // Blank lines and a missing final newline are allowed too.
  const lines = text.split('\n');
  if (u() < 0.3) lines.splice(1 + Math.floor(u() * (lines.length - 1)), 0, '');
  const joined = lines.join('\n');
  return u() < 0.3 ? joined.replace(/\r?\n$/, '') : joined;
}

/** `text` with one random edit: a character inserted, deleted or replaced, or a cell made bad. */
function corrupted(text: string, seed: number): string {
  const u = rng(seed);
  const at = Math.floor(u() * text.length);
  const ch = ['"', ',', '\n', '\r', 'x', ' ', '-', '""'][Math.floor(u() * 8)]!;
  const edit = u();
  if (edit < 0.3) return text.slice(0, at) + ch + text.slice(at);
  if (edit < 0.55) return text.slice(0, at) + text.slice(at + 1);
  if (edit < 0.8) return text.slice(0, at) + ch + text.slice(at + 1);
  // Replace one numeric-looking cell by something Number() rejects (or an empty elapsed_s).
  const bad = u() < 0.2 ? '' : BAD_NUMBERS[Math.floor(u() * BAD_NUMBERS.length)]!;
  const lines = text.split('\n');
  const row = 1 + Math.floor(u() * Math.max(1, lines.length - 1));
  lines[row] = (lines[row] ?? '').replace(u() < 0.5 ? /^([^,]*,)[^,]*/ : /^((?:[^,]*,){4})[^,]*/, `$1${bad}`);
  return lines.join('\n');
}

describe('parseSamplesCsv matches the reference reader', () => {
  it('on 400 generated files (quoting, CRLF, blank lines, extra columns, every number spelling)', () => {
    let ok = 0;
    for (let seed = 1; seed <= 400; seed++) if (!expectSameAnswer(generated(seed)).startsWith('CsvFormatError')) ok++;
    // Most generated files are valid; the rest carry a bad relation cell (empty) and test the error path.
    expect(ok).toBeGreaterThan(300);
  });

  it('on 1500 corrupted copies (syntax errors, bad numbers, wrong cell counts): same error, line and column', () => {
    let errors = 0;
    for (let seed = 1; seed <= 1500; seed++) {
      if (expectSameAnswer(corrupted(generated(seed % 400 + 1), seed * 7919)).startsWith('CsvFormatError')) errors++;
    }
    expect(errors).toBeGreaterThan(300);
  });

  it('on hand-made edge cases', () => {
    const head = [...REQUIRED_COLUMNS, ...EXTRA_COLUMNS].join(',');
    const row = (cells: string) => `${cells}${',0'.repeat(EXTRA_COLUMNS.length)}`;
    const r1 = row('2026-01-01T00:00:00Z,0,jobs,1,2,3,4,5,6');
    const cases = [
      '', '\n', '\r\n\r\n', head, `${head}\n`, `${head}\r\n${r1}\r\n`, `${head}\r${r1}\r`, `\n\n${head}\n\n${r1}\n\n`,
      `${head}\n${r1}\n"unterminated,`, `${head}\n"a"b,${r1.slice(2)}`, `${head}\n${r1}\n${r1.replace(',jobs,', ',,')}\n"open`,
      `${head}\n${r1.replace(',jobs,', ',"",')}`, `${head}\n${r1.replace(',0,', ',,')}`, `${head}\n${r1.replace(',0,', ',"",')}`,
      `${head}\n${r1.replace(',0,', ',"1e2",')}`, `${head}\n${r1},extra`, `${head}\n${r1.slice(0, 30)}`, `""\n${head}\n${r1}`,
      head.replace('relation', ' relation '), head.replace('relation', 'rel'), `${head},elapsed_s\n${r1},9`, `${head},relation\n${r1},`,
      `${head}\n${r1.replace(',jobs,', ',"we said ""hi""\nthere",')}\n${r1.replace(',0,', ',x,')}`, `${head}\n${r1.replace(',jobs,', ',jo"bs,')}`,
    ];
    for (const text of cases) expectSameAnswer(text);
  });

  it('on the growth-fit benchmark file shape', () => {
    const answer = expectSameAnswer(syntheticSamples(6, 400));
    expect(answer).toContain('"relation":"rel_5"');
  });
});
