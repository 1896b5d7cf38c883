/**
 * The thresholds to evaluate over merged data, collected from every input (NDJSON Metric lines of
 * each runner, the threshold table) with duplicates removed: eight runners declaring the same
 * threshold still give one global evaluation.
 */
import type { ResultThreshold } from '../result/types.ts';

/** One declared threshold. */
export interface DeclaredThreshold {
  key: string;
  source: string;
  abortOnFail: boolean;
  origin: ResultThreshold['origin'];
}

/** Deduplicating collection of declared thresholds, in first-seen order. */
export class ThresholdSet {
  private readonly byId = new Map<string, DeclaredThreshold>();

  /** Adds a declaration (string or k6's object form); ignores one already present for the same key and expression. */
  add(key: string, decl: unknown, origin: DeclaredThreshold['origin']): string | undefined {
    let source: unknown = decl;
    let abortOnFail = false;
    if (typeof decl === 'object' && decl !== null && !Array.isArray(decl)) {
      source = (decl as { threshold?: unknown }).threshold;
      abortOnFail = (decl as { abortOnFail?: unknown }).abortOnFail === true;
    }
    if (typeof source !== 'string') return `threshold of "${key}" is not a string or {threshold: string}`;
    const id = `${key}\u0000${source}`;
    if (!this.byId.has(id)) this.byId.set(id, { key, source, abortOnFail, origin });
    return undefined;
  }

  /** Every distinct declaration. */
  all(): DeclaredThreshold[] {
    return [...this.byId.values()];
  }

  /** Metric keys that have thresholds. */
  keys(): string[] {
    return [...new Set(this.all().map((t) => t.key))];
  }
}
