// Builds a large k6 `--out json` file by repeating a real one, each copy shifted later in time so
// the result reads like one long run (Metric declarations kept once, as k6 writes them); with a
// density above 1, several copies share each time span (a busier run of the same duration).
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The real k6 v0.46 `--out json` file the issue names. */
export const REAL_K6_NDJSON = fileURLToPath(new URL('../test/fixtures/k6/out-json-real-k6v0.46.0-xk6-dashboard-result.ndjson', import.meta.url));

const TIME_RE = /"time":"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)([^"]*)"/;

/**
 * Writes at least `minLines` lines to `out`; returns the exact line count. `density` copies share
 * each time span (tags unchanged), so density 2 gives twice the lines over the same run duration.
 */
export async function writeRepeatedNdjson(source: string, out: string, minLines: number, density = 1): Promise<number> {
  const lines = readFileSync(source, 'utf8').split('\n').filter((l) => l.length > 0);
  const points = lines.filter((l) => !l.startsWith('{"type":"Metric"'));
  if (points.length === 0) throw new Error(`${source}: no Point lines`);
  const stamps = points.map((l) => TIME_RE.exec(l));
  const secs = stamps.filter((m) => m !== null).map((m) => Date.parse(`${m![1]}Z`));
  const spanMs = Math.max(1000, Math.max(...secs) - Math.min(...secs) + 1000);
  const w = createWriteStream(out);
  const write = async (text: string) => {
    if (!w.write(text)) await once(w, 'drain');
  };
  let written = 0;
  const declared = new Set<string>();
  for (let copy = 0; written < minLines; copy++) {
    let buf = '';
    // Metric lines are declared once, in the order k6 first wrote them.
    let pi = 0;
    for (const l of lines) {
      if (l.startsWith('{"type":"Metric"')) {
        if (!declared.has(l)) {
          declared.add(l);
          buf += `${l}\n`;
          written++;
        }
        continue;
      }
      const m = stamps[pi++];
      const span = Math.floor(copy / density);
      if (!m || span === 0) buf += `${l}\n`;
      else {
        const shifted = new Date(Date.parse(`${m[1]}Z`) + span * spanMs).toISOString().slice(0, 19);
        buf += `${l.replace(TIME_RE, `"time":"${shifted}${m[2]}"`)}\n`;
      }
      written++;
    }
    await write(buf);
  }
  w.end();
  await once(w, 'close');
  return written;
}
