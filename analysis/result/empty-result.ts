/** A result with every part present and empty, so builders fill in only what they measured. */
import { RESULT_SCHEMA, type RunResult } from './types.ts';

/** An empty result of run `runId`. */
export function emptyResult(runId: string, kind: RunResult['source']['kind'], now = new Date()): RunResult {
  return {
    schema: RESULT_SCHEMA,
    runId,
    createdAt: now.toISOString(),
    source: { kind, files: [], runners: 0, truncated: false },
    manifest: null,
    fingerprint: null,
    window: null,
    durationMs: null,
    metrics: {},
    tagSets: [],
    series: [],
    checks: [],
    thresholds: [],
    thresholdsOk: null,
    generator: null,
    growth: { status: 'no-samples', relations: [] },
    drills: [],
    notes: [],
  };
}

/** false if any threshold failed, true if all passed, null when there were none. */
export function thresholdsVerdict(thresholds: ReadonlyArray<{ ok: boolean }>): boolean | null {
  return thresholds.length === 0 ? null : thresholds.every((t) => t.ok);
}
