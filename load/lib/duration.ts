/**
 * k6-side duration parsing (no Node in scope). Accepts what k6 accepts in its own options:
 * "500ms", "30s", "2m", "1h30m", "2d12h", or a bare number of milliseconds.
 */
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a k6 duration into milliseconds; throws an Error naming `where` on bad input. */
export function durationMs(text: string, where: string): number {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const re = /(\d+(?:\.\d+)?)(ms|us|µs|ns|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    matched = re.lastIndex;
  }
  if (matched === 0 || matched !== s.length) throw new Error(`${where}: "${text}" is not a duration (examples: 500ms, 30s, 2m, 1h30m)`);
  return total;
}

/** Formats milliseconds as a k6 duration string with whole milliseconds ("90500ms"). */
export function msToK6(ms: number): string {
  return `${Math.max(0, Math.round(ms))}ms`;
}
