/**
 * options.thresholds from the single threshold table (baselines/thresholds.json), which esbuild
 * inlines into each bundle at build time so real k6 enforces the same numbers as the gate.
 * No threshold number is written in any script.
 */
import table from '../../baselines/thresholds.json';

interface TableEntry {
  thresholds: string[];
}
type TableSection = Record<string, TableEntry>;

const DEFAULTS = table.defaults as unknown as TableSection;
const PROFILES = table.profiles as unknown as Record<string, TableSection | undefined>;

function baseName(key: string): string {
  const brace = key.indexOf('{');
  return brace < 0 ? key : key.slice(0, brace);
}

/**
 * `defaults` merged with `profiles[profile]` (a profile entry replaces a default of the same key),
 * keeping only keys the script feeds: `feeds` lists metric names ("replay_duration") or exact keys
 * ("http_req_duration{endpoint:get_events}"). A threshold on a metric the script never records
 * would pass or fail on no data at all (a counter with no samples has rate 0), so it is left out.
 */
export function thresholdsFor(profile: string | undefined, feeds: readonly string[]): Record<string, string[]> {
  const merged: TableSection = { ...DEFAULTS, ...(profile ? PROFILES[profile] ?? {} : {}) };
  const out: Record<string, string[]> = {};
  for (const [key, entry] of Object.entries(merged)) {
    if (feeds.includes(key) || feeds.includes(baseName(key))) out[key] = [...entry.thresholds];
  }
  return out;
}
