import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyResult } from '../../analysis/result/empty-result.ts';
import { RESULT_SCHEMA } from '../../analysis/result/types.ts';
import { readResult, resultProblems, writeResult } from '../../analysis/result/result-file.ts';
import { simulatedResult } from './simulated-result.ts';

const schema = JSON.parse(readFileSync(new URL('../../analysis/result/result.schema.json', import.meta.url), 'utf8'));

/** Checks the parts of JSON Schema the result schema uses for objects: required keys and closed property sets. */
function objectProblems(value: Record<string, unknown>, node: { required?: string[]; properties?: Record<string, unknown>; additionalProperties?: unknown }, at: string): string[] {
  const out: string[] = [];
  for (const k of node.required ?? []) if (!(k in value)) out.push(`${at}.${k} missing`);
  if (node.additionalProperties === false) for (const k of Object.keys(value)) if (!(k in (node.properties ?? {}))) out.push(`${at}.${k} not in schema`);
  return out;
}

describe('result.schema.json and the TypeScript types agree', () => {
  it('has the schema id written into results', () => {
    expect(schema.$id).toBe(RESULT_SCHEMA);
    expect(schema.properties.schema.const).toBe(RESULT_SCHEMA);
  });

  it('an empty and a full result satisfy the schema object rules, and the reader accepts them', () => {
    const full = simulatedResult(1, { seconds: 12, requestsPerSecond: 10, medianMs: 30 }, 'r');
    for (const r of [emptyResult('e', 'ingest'), full]) {
      expect(objectProblems(r as unknown as Record<string, unknown>, schema, '$')).toEqual([]);
      expect(objectProblems(r.source as unknown as Record<string, unknown>, schema.properties.source, '$.source')).toEqual([]);
      for (const [k, m] of Object.entries(r.metrics)) {
        expect(objectProblems(m as unknown as Record<string, unknown>, schema.$defs.metric, `$.metrics.${k}`)).toEqual([]);
        expect(objectProblems(m.provenance as unknown as Record<string, unknown>, schema.$defs.metric.properties.provenance, `$.metrics.${k}.provenance`)).toEqual([]);
      }
      for (const t of r.thresholds) expect(objectProblems(t as unknown as Record<string, unknown>, schema.properties.thresholds.items, '$.thresholds[]')).toEqual([]);
      for (const s of r.series) expect(objectProblems(s as unknown as Record<string, unknown>, schema.properties.series.items, '$.series[]')).toEqual([]);
      expect(resultProblems(JSON.parse(JSON.stringify(r)))).toEqual([]);
    }
  });
});

describe('writeResult', () => {
  it('writes UTF-8 whether the text is ASCII (copied as latin1) or not, and reads back equal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'result-write-'));
    try {
      for (const note of ['plain ascii', 'Zürich → 東京 🚀']) {
        const result = { ...emptyResult('r1', 'ingest'), notes: [note] };
        const path = join(dir, 'result.json');
        writeResult(path, result);
        expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(result)}\n`);
        expect(readResult(path).notes).toEqual([note]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
