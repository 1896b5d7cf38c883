/**
 * Test helpers for the engine: a real local node:http server that records what it served, and a
 * runner for `aetheris-bench exec` as a child process (killed if it outlives its timeout).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** A loopback HTTP server that answers every request and remembers their paths. */
export interface TestServer {
  url: string;
  paths: string[];
  close(): Promise<void>;
}

/** Starts the server; `/slow/N` answers after N ms, `/status/N` with status N, `/redirect` 302 → `/landed`, anything else 200 JSON. */
export async function startServer(): Promise<TestServer> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    paths.push(path);
    if (path.startsWith('/redirect')) {
      res.writeHead(302, { location: '/landed' });
      return res.end();
    }
    const slow = /^\/slow\/(\d+)/.exec(path);
    const status = /^\/status\/(\d+)/.exec(path);
    const send = () => {
      res.writeHead(status ? Number(status[1]) : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path }));
    };
    if (slow) setTimeout(send, Number(slow[1]));
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The outcome of one exec run. */
export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const BIN = fileURLToPath(new URL('../../bin/aetheris-bench.mjs', import.meta.url));

/** Path of a test script under test/engine/scripts. */
export function scriptPath(name: string): string {
  return fileURLToPath(new URL(`./scripts/${name}`, import.meta.url));
}

/** Runs `aetheris-bench exec ARGS`; `onStart` gets the child (e.g. to send SIGINT). */
export function runExec(args: string[], opts: { timeoutMs?: number; onStart?: (child: ChildProcess) => void; cwd?: string; env?: Record<string, string> } = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    const env = opts.env === undefined ? undefined : { ...process.env, ...opts.env };
    const child = spawn(process.execPath, [BIN, 'exec', ...args], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    opts.onStart?.(child);
  });
}

/** Sums `value` of NDJSON Point lines of `metric`, grouped by the `by` tag. */
export function sumPoints(ndjson: string, metric: string, by = 'scenario'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of ndjson.split('\n')) {
    if (!line.includes(`"metric":"${metric}"`) || !line.includes('"Point"')) continue;
    const p = JSON.parse(line) as { data: { value: number; tags: Record<string, string> } };
    const key = p.data.tags[by] ?? '';
    out[key] = (out[key] ?? 0) + p.data.value;
  }
  return out;
}
