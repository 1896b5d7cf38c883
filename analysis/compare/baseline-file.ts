/**
 * Stored baselines (`baselines/<profile>.json`): a result plus the provenance of its promotion.
 * Readers accept either a baseline file or a bare result.json, so `diff` works on both.
 */
import { readFileSync } from 'node:fs';
import { UsageError } from '../../harness/errors.ts';
import type { Fingerprint } from '../../harness/fingerprint.ts';
import { isRecord, parseJsonText } from '../ingest/json-text.ts';
import { resultProblems } from '../result/result-file.ts';
import type { RunResult } from '../result/types.ts';

/** Schema id of a baseline file. */
export const BASELINE_SCHEMA = 'aetheris-bench/baseline@1';

/** What `baseline promote` writes. */
export interface BaselineFile {
  schema: typeof BASELINE_SCHEMA;
  profile: string;
  provenance: {
    runId: string;
    gitSha: string;
    /** ISO time of the promotion. */
    promotedAt: string;
    fingerprint: Fingerprint | null;
    /** Verdict against the previous baseline, when there was one. */
    previousComparison: { baselineRun: string; verdict: string; reason: string } | null;
    /** True when promoted with --force despite a failed, inconclusive or incomparable result. */
    forced: boolean;
  };
  result: RunResult;
}

/** Reads a baseline file or a result file; returns the result and, for a baseline file, its header. Throws UsageError naming the file. */
export function readBaselineOrResult(path: string): { result: RunResult; baseline: BaselineFile | null } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const raw = parseJsonText(text, path);
  if (isRecord(raw) && raw.schema === BASELINE_SCHEMA) {
    if (typeof raw.profile !== 'string' || !isRecord(raw.provenance)) throw new UsageError(`${path}: baseline file needs profile and provenance`);
    const problems = resultProblems(raw.result).map((p) => p.replace(/^\$/, '$.result'));
    if (problems.length > 0) throw new UsageError(`${path}: baseline holds no valid result: ${problems.join('; ')}`);
    return { result: raw.result as RunResult, baseline: raw as unknown as BaselineFile };
  }
  const problems = resultProblems(raw);
  if (problems.length > 0) throw new UsageError(`${path}: neither a baseline nor a result: ${problems.join('; ')}`);
  return { result: raw as RunResult, baseline: null };
}
