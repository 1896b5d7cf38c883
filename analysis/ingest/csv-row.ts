/**
 * Splits one CSV record as Go's encoding/csv writes it (k6 `--out csv`): fields separated by commas,
 * quoted with `"` when they hold a comma, quote or newline, a quote doubled inside quotes.
 * Returns the fields, or the 0-based column offset of the syntax error.
 */
export function splitCsvRow(line: string): string[] | { errorAt: number } {
  if (line.indexOf('"') < 0) return line.split(',');
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let field = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return { errorAt: line.length };
        field += line.slice(i, q);
        if (line[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(field);
      if (i === line.length) return out;
      if (line[i] !== ',') return { errorAt: i };
      i++;
    } else {
      const c = line.indexOf(',', i);
      const field = c < 0 ? line.slice(i) : line.slice(i, c);
      if (field.includes('"')) return { errorAt: i + field.indexOf('"') };
      out.push(field);
      if (c < 0) return out;
      i = c + 1;
    }
  }
}
