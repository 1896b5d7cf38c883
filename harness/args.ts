import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict flag parsing shared by every subcommand: an unknown flag, a missing value
 * or a stray positional becomes a UsageError naming the command and the flag.
 */
export function parseFlags<O extends Options>(
  command: string,
  argv: string[],
  options: O,
  { positionals = false }: { positionals?: boolean } = {},
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: positionals });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new UsageError(`${command}: ${msg.split('\n')[0]}`);
  }
}

/** Parses a duration as k6 spells them ("90s", "2m", "1h30m", "500ms", "2d12h", or bare milliseconds). */
export function parseDurationMs(text: string, where: string): number {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const re = /(\d+(?:\.\d+)?)(ms|us|µs|ns|s|m|h|d)/gy;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let total = 0;
  let matched = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    total += Number(m[1]) * unit[m[2]!]!;
    matched = re.lastIndex;
  }
  if (matched === 0 || matched !== s.length) throw new UsageError(`${where}: "${text}" is not a duration (examples: 500ms, 30s, 2m, 1h30m)`);
  return total;
}

/** Parses a positive integer flag value. */
export function parsePositiveInt(text: string, where: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) <= 0) throw new UsageError(`${where}: "${text}" is not a positive whole number`);
  return Number(text);
}
