// The engine's HTTP/1.1 client against real loopback TCP servers that write exact bytes: framing
// (length, chunked, until close, HEAD, 204, 1xx), heads split anywhere, keep-alive reuse, the retry
// on a connection the server closed, timeouts, aborts, malformed responses, and TLS through exec.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { H1ResponseParser } from '../../load/engine/modules/h1-response-parser.ts';
import { HttpAgent, type RawRequest } from '../../load/engine/modules/http-agent.ts';
import { defaultHeadersFor } from '../../load/engine/modules/http-module.ts';
import { AbortScope } from '../../load/engine/runtime/abort-scope.ts';
import { runExec, scriptPath } from './exec-harness.ts';

interface Received {
  head: string;
  body: string;
  conn: number;
}

/** A server that answers each request with whatever `answer` writes on the raw socket. */
async function rawServer(answer: (req: Received, socket: net.Socket, index: number) => void) {
  const received: Received[] = [];
  const sockets = new Set<net.Socket>();
  let conns = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const conn = conns++;
    let buf = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.toString('latin1', 0, end + 4);
        const len = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (buf.length < end + 4 + len) return;
        const req = { head, body: buf.toString('utf8', end + 4, end + 4 + len), conn };
        buf = buf.subarray(end + 4 + len);
        received.push(req);
        answer(req, socket, received.length - 1);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const agents: HttpAgent[] = [];
const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const a of agents.splice(0)) await a.close();
  for (const s of servers.splice(0)) await s.close();
});

const HEADERS = { 'User-Agent': 'test-agent/1' };

async function setup(answer: Parameters<typeof rawServer>[0], noReuse = false) {
  const server = await rawServer(answer);
  servers.push(server);
  const agent = new HttpAgent(noReuse);
  agents.push(agent);
  const send = (over: Partial<RawRequest> = {}) =>
    agent.send({ origin: server.origin, path: '/p?q=1', method: 'GET', headers: HEADERS, sharedHeaders: true, body: undefined, timeoutMs: 5000, keepBody: true, signal: new AbortScope(), ...over });
  return { server, agent, send };
}

const ok = (body: string, extra = '') => `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

describe('engine HTTP client', () => {
  it('reuses one keep-alive connection, writes the head k6 would, and counts bytes both ways', async () => {
    const reply = ok('hello', 'content-type: text/plain\r\nX-Dup: a\r\nx-dup: b\r\n');
    const { server, send } = await setup((_r, s) => s.write(reply));
    const a = await send();
    const b = await send();
    expect([a.status, a.statusText, a.body?.toString()]).toEqual([200, 'OK', 'hello']);
    expect(a.headers).toEqual({ 'Content-Length': '5', 'Content-Type': 'text/plain', 'X-Dup': 'a, b' });
    expect(server.received.map((r) => r.conn)).toEqual([0, 0]);
    expect(server.received[0]!.head).toBe(`GET /p?q=1 HTTP/1.1\r\nHost: ${server.origin.slice(7)}\r\nUser-Agent: test-agent/1\r\n\r\n`);
    expect(a.bytesSent).toBe(server.received[0]!.head.length);
    expect(a.bytesReceived).toBe(reply.length);
    expect(b.timings.connecting).toBe(0);
    for (const t of [a.timings, b.timings]) {
      expect(t.duration).toBeCloseTo(t.sending + t.waiting + t.receiving, 9);
      expect(Math.min(t.blocked, t.connecting, t.sending, t.waiting, t.receiving)).toBeGreaterThanOrEqual(0);
    }
  });

  it('stamps each phase where its bytes move: connecting on a new connection, sending on every write, waiting to the head, receiving to the body', async () => {
    // The server holds the head 100 ms and the body another 100 ms: lower bounds set by its timers
    // (a late timer only lengthens them), so a phase stamped in the wrong place shows as ~0.
    const { send } = await setup((_r, s) => {
      setTimeout(() => s.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n'), 100);
      setTimeout(() => s.write('hello'), 200);
    });
    const first = await send();
    const reused = await send();
    expect(first.timings.connecting).toBeGreaterThan(0);
    expect(reused.timings.connecting).toBe(0);
    for (const t of [first.timings, reused.timings]) {
      expect(t.sending).toBeGreaterThan(0);
      expect(t.waiting).toBeGreaterThanOrEqual(95);
      expect(t.receiving).toBeGreaterThanOrEqual(95);
    }
  });

  it('sends a body with its byte length and a script Host header instead of its own', async () => {
    const { server, send } = await setup((_r, s) => s.write(ok('')));
    const posted = await send({ method: 'POST', body: 'żółw', headers: { Host: 'example.test', 'Content-Length': '999', 'X-Name': 'żółw' }, sharedHeaders: false });
    await send({ method: 'PUT', headers: HEADERS, sharedHeaders: false });
    // Header values go out as UTF-8 bytes, as Go's client writes them (the test server reads the head as latin1).
    const utf8 = Buffer.from('żółw').toString('latin1');
    expect(server.received[0]!.head).toBe(`POST /p?q=1 HTTP/1.1\r\nHost: example.test\r\nX-Name: ${utf8}\r\nContent-Length: 7\r\n\r\n`);
    expect(posted.bytesSent).toBe(server.received[0]!.head.length + 7);
    expect(server.received[0]!.body).toBe('żółw');
    expect(server.received[1]!.head).toMatch(/\r\nContent-Length: 0\r\n\r\n$/);
  });

  it('refuses a header that would break the framing', async () => {
    const { send } = await setup((_r, s) => s.write(ok('')));
    await expect(send({ headers: { 'X-A': 'v\r\nInjected: 1' }, sharedHeaders: false })).rejects.toThrow(/invalid request header "X-A"/);
  });

  it('de-chunks bodies written one byte at a time, with extensions and trailers', async () => {
    const reply = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n';
    const { server, send } = await setup(async (_r, s) => {
      for (const ch of reply) {
        s.write(ch);
        await new Promise((r) => setImmediate(r));
      }
    });
    const a = await send();
    const b = await send();
    expect(a.body?.toString()).toBe('hello world');
    expect(b.bytesReceived).toBe(reply.length);
    expect(server.received.map((r) => r.conn)).toEqual([0, 0]);
  });

  it('reads a body until close, skips 1xx, and knows HEAD and 204 have no body', async () => {
    const { server, send } = await setup((req, s, i) => {
      if (i === 0) s.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end');
      else if (req.head.startsWith('HEAD')) s.write('HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n');
      else if (i === 2) s.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n');
      else s.write(ok('last'));
    });
    expect((await send()).body?.toString()).toBe('until the end');
    const head = await send({ method: 'HEAD' });
    expect([head.status, head.body?.length]).toEqual([200, 0]);
    const empty = await send();
    expect([empty.status, empty.statusText, empty.body?.length]).toEqual([204, 'No Content', 0]);
    expect((await send()).body?.toString()).toBe('last');
    // The close-delimited response used up its connection; the rest shared the second one.
    expect(server.received.map((r) => r.conn)).toEqual([0, 1, 1, 1]);
  });

  it('opens a new connection after Connection: close, and for every request with noConnectionReuse', async () => {
    const closing = await setup((_r, s) => s.write(ok('x', 'Connection: close\r\n')));
    await closing.send();
    await closing.send();
    expect(closing.server.received.map((r) => r.conn)).toEqual([0, 1]);
    const noReuse = await setup((_r, s) => s.write(ok('x')), true);
    await noReuse.send();
    await noReuse.send();
    expect(noReuse.server.received.map((r) => r.conn)).toEqual([0, 1]);
    expect(noReuse.server.received[0]!.head).toContain('\r\nConnection: close\r\n');
  });

  it('retries an idempotent request once the server closed the reused connection unanswered, and fails a POST', async () => {
    // The server answers the first request on each connection and drops the connection on the second.
    const perConn = new Map<number, number>();
    const { server, send } = await setup((req, s) => {
      const n = (perConn.get(req.conn) ?? 0) + 1;
      perConn.set(req.conn, n);
      if (n === 1) s.write(ok('fine'));
      else s.destroy();
    });
    await send();
    const retried = await send();
    expect(retried.body?.toString()).toBe('fine');
    expect(server.received.map((r) => r.conn)).toEqual([0, 0, 1]);
    await expect(send({ method: 'POST', body: 'x', sharedHeaders: false })).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('never retries on a new connection: a server that drops every request gets each once more at most', async () => {
    const { server, send } = await setup((req, s) => (req.conn === 0 && server.received.length === 1 ? s.write(ok('fine')) : s.destroy()));
    await send();
    // Reused connection dropped → one retry on a new connection, dropped too → the request fails.
    await expect(send()).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(server.received.map((r) => r.conn)).toEqual([0, 0, 1]);
    // A new connection dropped unanswered is not retried.
    await expect(send()).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(server.received).toHaveLength(4);
  });

  it('restarts the connection timer for each request: the deadline of an earlier request never fires on a later one', async () => {
    const { send } = await setup((_r, s, i) => (i === 0 ? s.write(ok('a')) : setTimeout(() => s.write(ok('b')), 100)));
    await send({ timeoutMs: 200 });
    await new Promise((r) => setTimeout(r, 150));
    // The first request's 200 ms would run out 50 ms into this one.
    expect((await send({ timeoutMs: 200 })).body?.toString()).toBe('b');
  });

  it('times out, aborts and rejects a malformed response, and stays usable after each', async () => {
    const { server, send } = await setup((req, s) => {
      if (req.head.includes('/silent')) return;
      if (req.head.includes('/garbage')) return void s.write('SMTP ready\r\n\r\n');
      s.write(ok('ok'));
    });
    const t0 = performance.now();
    await expect(send({ path: '/silent', timeoutMs: 150 })).rejects.toMatchObject({ code: 'K6_REQUEST_TIMEOUT' });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    const scope = new AbortScope();
    const pending = send({ path: '/silent', signal: scope });
    setTimeout(() => scope.abort(new Error('iteration interrupted')), 20);
    await expect(pending).rejects.toThrow('iteration interrupted');
    await expect(send({ path: '/garbage' })).rejects.toMatchObject({ code: 'HPE_INVALID' });
    expect((await send()).body?.toString()).toBe('ok');
    // Each failure cost its connection: four connections for four requests.
    expect(new Set(server.received.map((r) => r.conn)).size).toBe(4);
  });

  it('fails requests in flight when the pool closes, without opening another connection', async () => {
    const { server, agent, send } = await setup((req, s, i) => {
      if (i === 0) s.write(ok('first'));
    });
    await send();
    const pending = send({ path: '/never-answered' });
    await new Promise((r) => setTimeout(r, 50));
    await agent.close();
    await expect(pending).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 50));
    expect(new Set(server.received.map((r) => r.conn))).toEqual(new Set([0]));
  });

  it('rejects a refused connection with the socket error', async () => {
    const agent = new HttpAgent();
    agents.push(agent);
    const err = await agent.send({ origin: 'http://127.0.0.1:1', path: '/', method: 'GET', headers: HEADERS, body: undefined, timeoutMs: 5000, keepBody: false, signal: new AbortScope() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('default request headers', () => {
  it('are one object for every VU of a thread (the request-head cache is keyed by it), and follow the options', () => {
    const opts = { userAgent: 'k6/test', discardResponseBodies: false, maxRedirects: 10 };
    expect(defaultHeadersFor(opts)).toBe(defaultHeadersFor(opts));
    expect(defaultHeadersFor(opts)).toEqual({ 'User-Agent': 'k6/test' });
    expect(defaultHeadersFor({ ...opts, userAgent: 'other' })).toEqual({ 'User-Agent': 'other' });
  });
});

describe('response parser', () => {
  it('gives the same body and byte count however the bytes are split (fast-check)', () => {
    const body = fc.uint8Array({ maxLength: 300 });
    fc.assert(
      fc.property(body, fc.boolean(), fc.array(fc.nat(), { maxLength: 8 }), (bytes, chunked, cuts) => {
        const payload = Buffer.from(bytes);
        let wire: Buffer;
        if (chunked) {
          const mid = payload.length >> 1;
          const parts = [payload.subarray(0, mid), payload.subarray(mid)].filter((p) => p.length > 0);
          wire = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'), ...parts.flatMap((p) => [Buffer.from(`${p.length.toString(16)}\r\n`), p, Buffer.from('\r\n')]), Buffer.from('0\r\n\r\n')]);
        } else {
          wire = Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${payload.length}\r\n\r\n`), payload]);
        }
        const got: Buffer[] = [];
        let ended = -1;
        const parser = new H1ResponseParser({ onHead: () => {}, onBody: (c) => got.push(Buffer.from(c)), onEnd: (n) => (ended = n) });
        parser.expect(false);
        const points = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((x, y) => x - y);
        let from = 0;
        for (const p of [...points, wire.length]) {
          expect(parser.feed(wire.subarray(from, p))).toBe(0);
          from = p;
        }
        expect(ended).toBe(wire.length);
        expect(Buffer.concat(got).equals(payload)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'engine-tls-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('speaks HTTPS with a trusted certificate and measures the handshake', async () => {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'], { stdio: 'ignore' });
    const server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => res.end('secure'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `https://localhost:${(server.address() as net.AddressInfo).port}/`;
      const r = await runExec([scriptPath('tls-get.js'), '-q', '--workers', '1', '-e', `URL=${url}`], { env: { NODE_EXTRA_CA_CERTS: cert } });
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.split('\n').filter((l) => l.includes('"status"')).map((l) => JSON.parse(l.slice(l.indexOf('{'))) as { status: number; body: string; tls: number; connecting: number });
      expect(lines.map((l) => [l.status, l.body])).toEqual([[200, 'secure'], [200, 'secure']]);
      // The first request paid for the handshake; the second reused the connection.
      expect(lines[0]!.tls).toBeGreaterThan(0);
      expect([lines[1]!.tls, lines[1]!.connecting]).toEqual([0, 0]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
