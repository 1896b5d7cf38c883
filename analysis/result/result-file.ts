/**
 * Reading and writing `result.json`: writes are atomic (temp file + rename), reads check the schema
 * version and the parts later stages rely on, so a wrong or damaged file is one clear exit-2 line.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../harness/atomic-write.ts';
import { UsageError } from '../../harness/errors.ts';
import { isRecord, parseJsonText } from '../ingest/json-text.ts';
import { RESULT_SCHEMA, type RunResult } from './types.ts';

/**
 * Writes a result atomically, as compact JSON: it holds a histogram per second and tag set, and
 * indentation would double a long run's file and its write time (report.md is the readable form).
 */
export function writeResult(path: string, result: RunResult): void {
  const json = `${JSON.stringify(result)}\n`;
  // ASCII text (the usual result: JSON.stringify escapes nothing else, tags are rarely non-ASCII)
  // is the same bytes in latin1 and UTF-8, and latin1 is a plain copy, skipping the encoder's pass.
  writeFileAtomic(path, NON_ASCII.test(json) ? json : Buffer.from(json, 'latin1'));
}

const NON_ASCII = /[^\x00-\x7f]/;

/** The structural problems of a parsed result (first few), empty when it is usable. */
export function resultProblems(raw: unknown): string[] {
  if (!isRecord(raw)) return ['$: must be an object'];
  const out: string[] = [];
  if (raw.schema !== RESULT_SCHEMA) out.push(`$.schema: expected "${RESULT_SCHEMA}", found ${JSON.stringify(raw.schema ?? null)}`);
  if (typeof raw.runId !== 'string' || raw.runId === '') out.push('$.runId: must be a non-empty string');
  if (!isRecord(raw.metrics)) out.push('$.metrics: must be an object');
  else {
    for (const [key, m] of Object.entries(raw.metrics)) {
      if (!isRecord(m) || !isRecord(m.values) || !['counter', 'gauge', 'rate', 'trend'].includes(m.type as string)) out.push(`$.metrics[${JSON.stringify(key)}]: needs type and values`);
      else if (Object.values(m.values).some((v) => typeof v !== 'number')) out.push(`$.metrics[${JSON.stringify(key)}].values: must hold numbers only`);
    }
  }
  for (const k of ['series', 'tagSets', 'checks', 'thresholds', 'drills', 'notes'] as const) if (!Array.isArray(raw[k])) out.push(`$.${k}: must be an array`);
  if (Array.isArray(raw.series)) {
    raw.series.forEach((s, i) => {
      if (!isRecord(s) || typeof s.metric !== 'string' || !isRecord(s.tags) || !Array.isArray(s.points)) out.push(`$.series[${i}]: needs metric, tags and points`);
    });
  }
  if (raw.fingerprint !== null && !isRecord(raw.fingerprint)) out.push('$.fingerprint: must be an object or null');
  if (!isRecord(raw.growth) || !Array.isArray(raw.growth.relations)) out.push('$.growth: needs relations[]');
  if (raw.thresholdsOk !== null && typeof raw.thresholdsOk !== 'boolean') out.push('$.thresholdsOk: must be true, false or null');
  return out.slice(0, 5);
}

/** Reads and checks a result file; throws UsageError naming the file and the JSON path at fault. */
export function readResult(path: string): RunResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const raw = parseJsonText(text, path);
  const problems = resultProblems(raw);
  if (problems.length > 0) throw new UsageError(`${path}: not an aetheris-bench result: ${problems.join('; ')}`);
  return raw as RunResult;
}
