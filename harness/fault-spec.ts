import { parseDurationMs } from './args.ts';
import { UsageError } from './errors.ts';

/** The faults a drill can inject (issue 7). */
export const FAULT_ACTIONS = ['kill-worker', 'restart-api', 'db-outage'] as const;

/** One fault action. */
export type FaultAction = (typeof FAULT_ACTIONS)[number];

/** One entry of a profile's `faults` array, as written in the profile. */
export interface FaultSpec {
  /** When to inject, as a duration from the start of the load ("30s"). */
  at: string;
  action: FaultAction;
  /**
   * How long the fault lasts. Required for db-outage (Postgres stays down this long). For a command
   * fault it is the wait before the `recover-<action>` command. The embedded kill-worker and
   * restart-api ignore it: the stack replaces the worker / restarts the API at once, as Aetheris's
   * supervisor (compose restart) would.
   */
  for?: string;
}

/** A validated fault with its durations in milliseconds, sorted by `atMs` by `validateFaults`. */
export interface PlannedFault extends FaultSpec {
  atMs: number;
  forMs?: number;
  /** Position in the profile's array (keeps NDJSON lines traceable to the profile). */
  index: number;
}

const KEYS = new Set(['at', 'action', 'for']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses a duration, returning the problem text instead of throwing, so every problem is listed. */
function duration(value: unknown, where: string, problems: string[]): number | undefined {
  if (typeof value !== 'string') {
    problems.push(`${where}: must be a duration string such as "30s"`);
    return undefined;
  }
  try {
    return parseDurationMs(value, where);
  } catch (err) {
    problems.push((err as Error).message);
    return undefined;
  }
}

/**
 * Checks a profile's `faults` value and returns the planned faults in time order. Every problem is
 * collected (like k6's Validate) and reported in ONE UsageError line naming the file and JSON path.
 */
export function validateFaults(value: unknown, file: string, path = '$.faults'): PlannedFault[] {
  const problems: string[] = [];
  const planned: PlannedFault[] = [];
  if (!Array.isArray(value)) throw new UsageError(`${file}: ${path}: must be an array of {at, action, for?}`);
  value.forEach((entry, index) => {
    const where = `${path}[${index}]`;
    if (!isRecord(entry)) {
      problems.push(`${where}: must be an object {at, action, for?}`);
      return;
    }
    for (const key of Object.keys(entry)) if (!KEYS.has(key)) problems.push(`${where}.${key}: unknown key (allowed: at, action, for)`);
    const atMs = duration(entry.at, `${where}.at`, problems);
    const action = entry.action;
    const actionOk = typeof action === 'string' && (FAULT_ACTIONS as readonly string[]).includes(action);
    if (!actionOk) problems.push(`${where}.action: must be one of ${FAULT_ACTIONS.join(', ')} (got ${JSON.stringify(action)})`);
    let forMs: number | undefined;
    if (entry.for !== undefined) {
      forMs = duration(entry.for, `${where}.for`, problems);
      if (forMs !== undefined && forMs <= 0) problems.push(`${where}.for: must be longer than 0`);
    } else if (action === 'db-outage') {
      problems.push(`${where}.for: required for db-outage (how long Postgres stays down)`);
    }
    if (atMs !== undefined && actionOk) {
      const fault: PlannedFault = { at: entry.at as string, action: action as FaultAction, atMs, index };
      if (entry.for !== undefined) {
        fault.for = entry.for as string;
        fault.forMs = forMs;
      }
      planned.push(fault);
    }
  });
  if (problems.length > 0) throw new UsageError(`${file}: ${problems.join('; ')}`);
  return planned.sort((a, b) => a.atMs - b.atMs || a.index - b.index);
}

/**
 * Parses repeated `--fault-cmd NAME=COMMAND` values (NAME: an action or `recover-<action>`) into a
 * map. A bad name or a missing `=` is a UsageError naming the flag.
 */
export function parseFaultCommands(values: readonly string[]): Record<string, string> {
  const allowed = new Set<string>([...FAULT_ACTIONS, ...FAULT_ACTIONS.map((a) => `recover-${a}`)]);
  const out: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const name = eq > 0 ? value.slice(0, eq).trim() : '';
    if (!allowed.has(name)) {
      throw new UsageError(`--fault-cmd: "${value.split('=')[0]}" is not a fault name (use ${[...allowed].join(', ')}, as NAME="command")`);
    }
    let command = value.slice(eq + 1).trim();
    // Shells usually strip the quotes; keep this tolerant of a literal quoted value from a config file.
    if (command.length >= 2 && (command[0] === '"' || command[0] === "'") && command.at(-1) === command[0]) command = command.slice(1, -1);
    if (command === '') throw new UsageError(`--fault-cmd ${name}: the command is empty`);
    if (out[name] !== undefined) throw new UsageError(`--fault-cmd ${name}: given twice`);
    out[name] = command;
  }
  return out;
}
