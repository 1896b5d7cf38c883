import { spawn } from 'node:child_process';
import { redactText } from './redact.ts';

/** What one shell command of a fault did. */
export interface CommandOutcome {
  /** Unix ms. */
  startedAt: number;
  endedAt: number;
  /** Process exit code; null when it was killed by a signal or could not start. */
  exitCode: number | null;
  /** True when the timeout killed it. */
  timedOut: boolean;
  /** Last characters of stdout+stderr interleaved, secrets masked. */
  outputTail: string;
  /** Why it counts as failed (non-zero exit, timeout, spawn error); absent when it succeeded. */
  error?: string;
}

/** How much output a fault line keeps: enough for an error message, small enough for NDJSON. */
export const OUTPUT_TAIL_CHARS = 2000;

/**
 * Runs a user's fault command with `/bin/sh -c` in its own process group, so a timeout kills the
 * whole pipeline (docker, ssh, kubectl children), and resolves with its exit code and output tail.
 * Never rejects: every failure is a value the fault log records.
 */
export function runFaultCommand(command: string, timeoutMs: number): Promise<CommandOutcome> {
  const startedAt = Date.now();
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    let settled = false;
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS * 2);
    };
    const finish = (exitCode: number | null, error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const outcome: CommandOutcome = { startedAt, endedAt: Date.now(), exitCode, timedOut, outputTail: redactText(output).slice(-OUTPUT_TAIL_CHARS) };
      if (error) outcome.error = redactText(error);
      resolve(outcome);
    };
    const child = spawn('/bin/sh', ['-c', command], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* the group is gone already */
      }
    }, timeoutMs);
    child.once('error', (err) => finish(null, `could not start: ${err.message}`));
    child.once('close', (code, signal) => {
      if (timedOut) finish(code, `timed out after ${timeoutMs / 1000}s and was killed`);
      else if (code !== 0) finish(code, code === null ? `killed by ${signal}` : `exited with code ${code}`);
      else finish(0);
    });
  });
}
