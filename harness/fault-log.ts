import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from './errors.ts';
import type { FaultRecord } from './faults.ts';

/**
 * Reads faults.ndjson back. A missing file is an empty log (no faults ran); a last line cut off by
 * a killed run is ignored (the file streams to disk); any other malformed line is a UsageError
 * naming the file and line.
 */
export function readFaultLog(file: string): FaultRecord[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const records: FaultRecord[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const rec = JSON.parse(line) as FaultRecord;
      if (rec.kind !== 'fault') throw new Error('not a fault line');
      records.push(rec);
    } catch (err) {
      const isLast = lines.slice(i + 1).every((l) => l.trim() === '');
      if (!isLast || !line.trimStart().startsWith('{') || line.trimEnd().endsWith('}')) {
        throw new UsageError(`${file}:${i + 1}: not a fault record (${(err as Error).message})`);
      }
    }
  });
  return records;
}
