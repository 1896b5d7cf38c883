/** Rebuilds k6's check list from raw `checks` samples (tags `check` and `group`), as handleSummary would show it. */
import type { ResultCheck, ResultTagSet } from '../result/types.ts';

/** Checks summed per group path and check name, in first-seen order. */
export function checksFromTagSets(tagSets: readonly ResultTagSet[]): ResultCheck[] {
  const out = new Map<string, ResultCheck>();
  for (const ts of tagSets) {
    if (ts.metric !== 'checks' || ts.type !== 'rate' || ts.tags.check === undefined) continue;
    const path = `${ts.tags.group ?? ''}::${ts.tags.check}`;
    const have = out.get(path) ?? { name: ts.tags.check, path, passes: 0, fails: 0 };
    have.passes += ts.values.passes ?? 0;
    have.fails += ts.values.fails ?? 0;
    out.set(path, have);
  }
  return [...out.values()];
}
