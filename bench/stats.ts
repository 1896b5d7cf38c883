/** Median of a list of numbers (mean of the two middle values for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Index of the run whose value is the median (the lower middle one for an even count), to show that run's details; -1 when empty. */
export function medianIndex(values: readonly number[]): number {
  if (values.length === 0) return -1;
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  return order[(values.length - 1) >> 1]!;
}

/** Formats a number with thousands separators and `digits` decimals ("n/a" for NaN or null). */
export function fmt(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The individual runs of a measurement, for a table cell beside its median ("(a, b, c)"). */
export function runsList(values: readonly number[], digits = 0): string {
  return `(${values.map((v) => fmt(v, digits)).join(', ')})`;
}

/** "met" / "missed" for a goal; "n/a" when the figure was not measured, "n/a (quick)" in a quick run (its numbers mean nothing). */
export function goalMark(met: boolean | null, quick: boolean): string {
  if (quick) return 'n/a (quick)';
  if (met === null) return 'n/a';
  return met ? 'met' : '**missed**';
}

/** Renders a Markdown table from a header row and body rows. */
export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Runs `measure` `runs` times in sequence and returns every result. */
export async function repeat<T>(runs: number, measure: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < runs; i++) out.push(await measure(i));
  return out;
}
