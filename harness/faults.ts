import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { runFaultCommand, type CommandOutcome } from './fault-command.ts';
import { redactText } from './redact.ts';
import { validateFaults, type FaultAction, type FaultSpec, type PlannedFault } from './fault-spec.ts';

/** The part of the embedded Stack (target/stack.ts) a drill needs; kept structural so harness/ never imports target/. */
export interface FaultStack {
  killWorker(id?: string): Promise<unknown>;
  restartApi(): Promise<unknown>;
  dbOutage(ms: number): Promise<unknown>;
}

/** Options of `runFaultSchedule`. */
export interface FaultScheduleOptions {
  /** Validated faults (from `validateFaults`) or raw specs (validated here, file name "faults"). */
  faults: readonly (PlannedFault | FaultSpec)[];
  /** Unix ms the load started; each fault fires at startedAt + at. */
  startedAt: number;
  /** The embedded stack: when given, faults are real actions on it and commands are ignored. */
  stack?: FaultStack;
  /** `--fault-cmd` map for a real deployment: action → command, `recover-<action>` → command. */
  commands?: Record<string, string>;
  /** faults.ndjson in the run directory; one line is appended per fault as soon as it ends. */
  outFile: string;
  /** Aborting stops waiting for the faults not reached yet (each gets an `aborted` line). */
  signal: AbortSignal;
  /** Per-command time limit (default 120 s). */
  commandTimeoutMs?: number;
  /** Where the one-line notices go (default stderr). */
  log?: (line: string) => void;
}

/** How a fault ended: `error` is a harness problem (exit 3), `skipped`/`aborted` mean it was never injected. */
export type FaultStatus = 'ok' | 'error' | 'skipped' | 'aborted';

/** The recover half of a command fault. */
export interface RecoverRecord {
  command: string;
  startedAt: number;
  endedAt: number;
  exitCode: number | null;
  output: string;
  error?: string;
}

/** One line of faults.ndjson. */
export interface FaultRecord {
  kind: 'fault';
  index: number;
  action: FaultAction;
  /** The profile's `at` and `for` as written. */
  at: string;
  for?: string;
  /** Unix ms the fault was planned for (startedAt + at). */
  plannedAt: number;
  /** Unix ms the harness started / finished the action (recover included). */
  startedAt: number;
  endedAt: number;
  /** When the target was faulty, unix ms; null when nothing was injected. */
  window: { start: number; end: number } | null;
  /** "embedded", the redacted shell command, or null when skipped. */
  command: string | null;
  exitCode: number | null;
  output: string;
  recover?: RecoverRecord;
  /** What the embedded stack returned (its timings), when it returned an object. */
  detail?: unknown;
  status: FaultStatus;
  ok: boolean;
  error?: string;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 120_000;

/** Sleeps until `until` (unix ms) or the signal aborts; resolves false when aborted. */
function waitUntil(until: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  const ms = until - Date.now();
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function describe(f: PlannedFault): string {
  return `fault #${f.index} ${f.action} at ${f.at}`;
}

/**
 * The fault window from the stack's own timings (target/stack.ts: killedAt→replacementReadyAt,
 * stoppingAt→readyAt, crashedAt→readyAt), which are tighter than the call's duration; the call's
 * duration when the stack returns none.
 */
function embeddedWindow(detail: unknown, startedAt: number, endedAt: number): { start: number; end: number } {
  const d = (detail !== null && typeof detail === 'object' ? detail : {}) as Record<string, unknown>;
  const num = (...keys: string[]) => keys.map((k) => d[k]).find((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const start = num('killedAt', 'stoppingAt', 'crashedAt') ?? startedAt;
  const end = num('replacementReadyAt', 'readyAt') ?? endedAt;
  return end >= start ? { start, end } : { start: startedAt, end: endedAt };
}

async function runEmbedded(f: PlannedFault, stack: FaultStack, base: Omit<FaultRecord, 'startedAt' | 'endedAt' | 'window' | 'command' | 'exitCode' | 'output' | 'status' | 'ok'>): Promise<FaultRecord> {
  const startedAt = Date.now();
  try {
    let detail: unknown;
    if (f.action === 'kill-worker') detail = await stack.killWorker();
    else if (f.action === 'restart-api') detail = await stack.restartApi();
    else detail = await stack.dbOutage(f.forMs ?? 0);
    const endedAt = Date.now();
    const rec: FaultRecord = { ...base, startedAt, endedAt, window: embeddedWindow(detail, startedAt, endedAt), command: 'embedded', exitCode: 0, output: '', status: 'ok', ok: true };
    if (detail !== null && typeof detail === 'object') rec.detail = detail;
    return rec;
  } catch (err) {
    const endedAt = Date.now();
    const message = redactText(err instanceof Error ? err.message : String(err));
    // The stack may have half-done the action, so the window still covers the attempt.
    return { ...base, startedAt, endedAt, window: { start: startedAt, end: endedAt }, command: 'embedded', exitCode: null, output: '', status: 'error', ok: false, error: `embedded ${f.action} failed: ${message}` };
  }
}

function recoverRecord(command: string, o: CommandOutcome): RecoverRecord {
  const r: RecoverRecord = { command: redactText(command), startedAt: o.startedAt, endedAt: o.endedAt, exitCode: o.exitCode, output: o.outputTail };
  if (o.error) r.error = o.error;
  return r;
}

async function runCommands(f: PlannedFault, command: string, recover: string | undefined, timeoutMs: number, signal: AbortSignal, base: Omit<FaultRecord, 'startedAt' | 'endedAt' | 'window' | 'command' | 'exitCode' | 'output' | 'status' | 'ok'>): Promise<FaultRecord> {
  const main = await runFaultCommand(command, timeoutMs);
  const rec: FaultRecord = { ...base, startedAt: main.startedAt, endedAt: main.endedAt, window: { start: main.startedAt, end: main.endedAt }, command: redactText(command), exitCode: main.exitCode, output: main.outputTail, status: main.error ? 'error' : 'ok', ok: !main.error };
  const errors: string[] = [];
  if (main.error) errors.push(`${f.action} command ${main.error}`);
  if (recover !== undefined) {
    // Recover even after a failed or aborted fault: the deployment must not be left broken.
    if (f.forMs) await waitUntil(main.endedAt + f.forMs, signal);
    const r = await runFaultCommand(recover, timeoutMs);
    rec.recover = recoverRecord(recover, r);
    rec.endedAt = r.endedAt;
    rec.window = { start: main.startedAt, end: r.endedAt };
    if (r.error) errors.push(`recover-${f.action} command ${r.error}`);
  }
  if (errors.length > 0) {
    rec.status = 'error';
    rec.ok = false;
    rec.error = errors.join('; ');
  }
  return rec;
}

/**
 * Runs a drill's fault schedule against the embedded stack (real SIGKILL / restart / Postgres
 * crash) or, for a real deployment, the user's `--fault-cmd` commands; a fault with neither is
 * skipped with one notice line. Faults run one after another in time order (a fault that overruns
 * delays the next; the line shows planned vs actual start). Each fault appends one FaultRecord line
 * to `outFile` as soon as it ends, so a killed run keeps what happened. Never throws for a failed
 * fault: the caller turns `status: 'error'` lines into exit 3 (`faultHarnessProblems`).
 */
export async function runFaultSchedule(opts: FaultScheduleOptions): Promise<FaultRecord[]> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const timeoutMs = opts.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const planned = opts.faults.every((f) => typeof (f as PlannedFault).atMs === 'number')
    ? [...(opts.faults as PlannedFault[])].sort((a, b) => a.atMs - b.atMs)
    : validateFaults(opts.faults, 'faults');
  mkdirSync(dirname(opts.outFile), { recursive: true });
  const records: FaultRecord[] = [];
  const write = (rec: FaultRecord) => {
    records.push(rec);
    appendFileSync(opts.outFile, `${JSON.stringify(rec)}\n`);
  };

  for (const f of planned) {
    const plannedAt = opts.startedAt + f.atMs;
    const base = { kind: 'fault' as const, index: f.index, action: f.action, at: f.at, ...(f.for !== undefined ? { for: f.for } : {}), plannedAt };
    const reached = await waitUntil(plannedAt, opts.signal);
    if (!reached) {
      const now = Date.now();
      write({ ...base, startedAt: now, endedAt: now, window: null, command: null, exitCode: null, output: '', status: 'aborted', ok: false, error: 'the load ended before this fault was due' });
      continue;
    }
    if (opts.stack) {
      log(`${describe(f)}: injecting on the embedded stack`);
      const rec = await runEmbedded(f, opts.stack, base);
      write(rec);
      if (!rec.ok) log(`${describe(f)}: ${rec.error}`);
      continue;
    }
    const command = opts.commands?.[f.action];
    if (command === undefined) {
      const now = Date.now();
      const why = `skipped: no --fault-cmd ${f.action}="…" given for this deployment`;
      log(`${describe(f)}: ${why}`);
      write({ ...base, startedAt: now, endedAt: now, window: null, command: null, exitCode: null, output: '', status: 'skipped', ok: false, error: why });
      continue;
    }
    log(`${describe(f)}: running ${redactText(command)}`);
    const rec = await runCommands(f, command, opts.commands?.[`recover-${f.action}`], timeoutMs, opts.signal, base);
    write(rec);
    if (!rec.ok) log(`${describe(f)}: ${rec.error}`);
  }
  return records;
}

/** One line per fault that failed to run: any of them makes the drill a harness problem (exit 3). */
export function faultHarnessProblems(records: readonly FaultRecord[]): string[] {
  return records.filter((r) => r.status === 'error').map((r) => `fault #${r.index} ${r.action} at ${r.at}: ${r.error ?? 'failed'}`);
}
