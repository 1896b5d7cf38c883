// The servers the engine benchmarks load: nginx-light answering 200 with an empty body (one worker,
// no access log) and a tiny node:http server that answers after exactly 10 ms. Both on core 0.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../target/embedded-postgres.ts';
import type { BenchContext, BenchSection } from './bench-types.ts';
import { SERVER_CORE, startBackground, type Background } from './child.ts';
import { ensureTool } from './tools.ts';

/** Keep-alive connections every generator opens to the null server (issue 3: "same 50 connections"). */
export const NULL_SERVER_CONNECTIONS = 50;

/** A running server on 127.0.0.1. */
export interface LocalServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** The nginx null server, with its stub_status page (requests served so far; see nginxRequests). */
export interface NginxServer extends LocalServer {
  statusUrl: string;
}

/** Requests nginx has served so far, this one included (stub_status's third counter). */
export async function nginxRequests(statusUrl: string): Promise<number> {
  const text = await (await fetch(statusUrl, { signal: AbortSignal.timeout(2000) })).text();
  const m = /server accepts handled requests\s+\d+\s+\d+\s+(\d+)/.exec(text);
  if (!m) throw new Error(`${statusUrl}: not an nginx stub_status page`);
  return Number(m[1]);
}

async function answers(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
  await res.arrayBuffer();
  return res.status === 200;
}

/** Starts nginx (path given) with one worker pinned to the server core, `return 200 ""`, access log off. */
export async function startNginx(nginx: string, workDir: string): Promise<NginxServer> {
  const port = await freePort();
  const prefix = join(workDir, 'nginx');
  mkdirSync(join(prefix, 'logs'), { recursive: true });
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    [
      'worker_processes 1;',
      'daemon off;',
      'user root;',
      `pid ${join(prefix, 'nginx.pid')};`,
      `error_log ${join(prefix, 'logs', 'error.log')} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      '  keepalive_requests 1000000;',
      `  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; fastcgi_temp_path ${prefix}/fcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;`,
      `  server { listen 127.0.0.1:${port}; location / { return 200 ""; } location = /nginx_status { stub_status; } }`,
      '}',
      '',
    ].join('\n'),
  );
  const url = `http://127.0.0.1:${port}/`;
  const bg: Background = await startBackground(nginx, ['-p', prefix, '-c', conf], { core: SERVER_CORE, startTimeoutMs: 10_000, readyProbe: () => answers(url) });
  return { url, pid: bg.pid, stop: bg.stop, statusUrl: `${url}nginx_status` };
}

/**
 * Runs `body` against an nginx null server started for it and stopped afterwards; when nginx cannot
 * be had (no apt-get), the section says the benchmark was skipped and why.
 */
export async function withNginx(ctx: BenchContext, body: (server: NginxServer) => Promise<BenchSection>): Promise<BenchSection> {
  const nginx = ensureTool('nginx', 'nginx-light', ctx.log);
  if (!nginx.path) return { markdown: `Skipped: ${nginx.skipped}. The engine needs a null server faster than itself; a Node server saturates first (design.md).` };
  const server = await startNginx(nginx.path, ctx.workDir);
  try {
    return await body(server);
  } finally {
    await server.stop();
  }
}

/** Starts bench/delay-server.mjs (answers after `delayMs`) pinned to the server core. */
export async function startDelayServer(delayMs: number): Promise<LocalServer> {
  const script = fileURLToPath(new URL('./delay-server.mjs', import.meta.url));
  const bg = await startBackground(process.execPath, [script, String(delayMs)], { core: SERVER_CORE, startTimeoutMs: 10_000 });
  const port = Number(bg.firstLine);
  if (!Number.isInteger(port) || port <= 0) {
    await bg.stop();
    throw new Error(`delay server printed "${bg.firstLine}" instead of its port`);
  }
  return { url: `http://127.0.0.1:${port}/`, pid: bg.pid, stop: bg.stop };
}
