/** One metric family gathered from several exposition texts. */
interface Family {
  help: string;
  type: string;
  series: Map<string, number>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)$/;

/**
 * Merges Prometheus text expositions from several processes into one: samples with the same name
 * and labels are summed (right for counters, histogram buckets/sums/counts, and for gauges that
 * count things per process), families keep their first HELP/TYPE.
 */
export function mergeExpositions(texts: string[]): string {
  const families = new Map<string, Family>();
  for (const text of texts) {
    let current: Family | undefined;
    for (const line of text.split('\n')) {
      if (!line) continue;
      if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) {
        const rest = line.slice(7);
        const space = rest.indexOf(' ');
        const name = space < 0 ? rest : rest.slice(0, space);
        const value = space < 0 ? '' : rest.slice(space + 1);
        current = families.get(name);
        if (!current) {
          current = { help: '', type: 'untyped', series: new Map() };
          families.set(name, current);
        }
        if (line.startsWith('# HELP ') && !current.help) current.help = value;
        if (line.startsWith('# TYPE ') && current.type === 'untyped') current.type = value;
        continue;
      }
      if (line.startsWith('#')) continue;
      const m = SAMPLE.exec(line);
      if (!m || !current) continue;
      const key = `${m[1]}${m[2] ?? ''}`;
      current.series.set(key, (current.series.get(key) ?? 0) + Number(m[3]));
    }
  }
  let out = '';
  for (const [name, f] of families) {
    if (f.series.size === 0) continue;
    out += `# HELP ${name} ${f.help}\n# TYPE ${name} ${f.type}\n`;
    for (const [key, value] of f.series) out += `${key} ${value}\n`;
  }
  return out;
}
