/** Flags shared by `diff` and `baseline promote` for the baseline comparison. */
import { parseDurationMs } from '../../harness/args.ts';
import { UsageError } from '../../harness/errors.ts';
import type { CompareOptions } from './compare-results.ts';
import type { RunResult } from '../result/types.ts';
import { loadThresholdTable, profileThresholds, THRESHOLD_TABLE_PATH, type ProfileThresholds } from '../threshold-table.ts';

/** Option definitions for parseFlags. */
export const COMPARE_FLAG_OPTIONS = {
  thresholds: { type: 'string' },
  'allow-incomparable': { type: 'boolean' },
  window: { type: 'string' },
  confidence: { type: 'string' },
} as const;

/** Help text of the shared flags. */
export const COMPARE_FLAG_HELP = `  --thresholds FILE      threshold table with the gated metrics and margins (default baselines/thresholds.json)
  --allow-incomparable   compare even when the comparability fingerprints differ (reported in the output)
  --window DURATION      window length of the rate/count intervals (default 5s; whole seconds); latency
                         statistics are resampled per second in blocks chosen from the data
  --confidence C         two-sided confidence of the intervals, 0.5 < C < 1 (default 0.95)`;

/** Parses the shared flags into compare options. */
export function compareOptions(command: string, values: { 'allow-incomparable'?: boolean; window?: string; confidence?: string }): CompareOptions {
  const opts: CompareOptions = { allowIncomparable: values['allow-incomparable'] === true };
  if (values.window !== undefined) {
    const ms = parseDurationMs(values.window, `${command}: --window`);
    if (ms < 1000 || ms % 1000 !== 0) throw new UsageError(`${command}: --window "${values.window}" must be whole seconds, at least 1s`);
    opts.windowSec = ms / 1000;
  }
  if (values.confidence !== undefined) {
    const c = Number(values.confidence);
    if (!/^0?\.\d+$/.test(values.confidence) || !(c > 0.5 && c < 1)) throw new UsageError(`${command}: --confidence "${values.confidence}" must be a number between 0.5 and 1, e.g. 0.95`);
    opts.confidence = c;
  }
  return opts;
}

/** The profile a comparison uses: the flag, else the result's manifest, else the baseline's. */
export function comparisonProfile(flag: string | undefined, ...results: RunResult[]): string | undefined {
  if (flag) return flag;
  for (const r of results) if (typeof r.manifest?.profile === 'string') return r.manifest.profile;
  return undefined;
}

/** The gated metrics of a profile (defaults only when no profile is known). */
export function compareSpecsFor(tablePath: string | undefined, profile: string | undefined): ProfileThresholds {
  return profileThresholds(loadThresholdTable(tablePath ?? THRESHOLD_TABLE_PATH), profile ?? '');
}
