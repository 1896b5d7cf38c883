import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The CLI entry, run as a real process exactly as a user would. */
export const CLI = fileURLToPath(new URL('../../bin/aetheris-bench.mjs', import.meta.url));

/** Result of one CLI run. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/aetheris-bench.mjs ...args` to completion (bounded by `timeoutMs`). */
export function runCli(args: string[], opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI ${args.join(' ')} did not finish within ${opts.timeoutMs ?? 90_000} ms; stderr: ${stderr}`));
    }, opts.timeoutMs ?? 90_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Whether `pid` is a live process (zombies count as gone). */
export function alive(pid: number): boolean {
  try {
    const out = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.trim() !== '' && !out.trim().startsWith('Z');
  } catch {
    return false;
  }
}

/**
 * Pids of live processes whose command line or environment mentions `marker` (Linux /proc).
 * Tests give each CLI run its own TMPDIR, so every process it starts (Postgres by its data-dir
 * argument, the API and workers by their inherited environment) carries that marker.
 */
export function processesMentioning(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const text = readFileSync(`/proc/${pid}/cmdline`, 'utf8') + readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (text.includes(marker) && alive(pid)) found.push(pid);
    } catch {
      /* exited while we looked, or not ours to read */
    }
  }
  return found;
}

async function json(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`HTTP ${res.status}: not JSON: ${text.slice(0, 200)}`);
  }
}

/** Creates an agent and submits one message; returns the job id (asserting the contract's 200 and 202). */
export async function submitJob(apiUrl: string, message = 'hello'): Promise<string> {
  const agentRes = await fetch(`${apiUrl}/api/agents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'stack-test' }) });
  const agent = await json(agentRes);
  if (agentRes.status !== 200) throw new Error(`POST /api/agents: HTTP ${agentRes.status} ${JSON.stringify(agent)}`);
  const msgRes = await fetch(`${apiUrl}/api/agents/${String(agent.id)}/message`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) });
  const accepted = await json(msgRes);
  if (msgRes.status !== 202) throw new Error(`POST /api/agents/:id/message: HTTP ${msgRes.status} ${JSON.stringify(accepted)}`);
  return String(accepted.job_id);
}

/** Polls GET /api/jobs/:id (every 100 ms, at most `timeoutMs`) until it is terminal; returns the last status. */
export async function waitJobTerminal(apiUrl: string, jobId: string, timeoutMs = 45_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let status = 'unknown';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${apiUrl}/api/jobs/${jobId}`, { signal: AbortSignal.timeout(5000) });
      if (res.status === 200) status = String((await json(res)).status);
      else await res.arrayBuffer();
    } catch {
      /* API briefly unavailable (restart, outage): keep polling until the deadline */
    }
    if (status === 'completed' || status === 'failed' || status === 'cancelled') return status;
    await new Promise((r) => setTimeout(r, 100));
  }
  return status;
}
