/**
 * One keep-alive undici pool per thread, and a dispatch that records k6's request phases
 * (blocked, connecting, sending, waiting, receiving) from undici's handler callbacks, plus the
 * bytes on the wire (header block as undici wrote it, body, status line and response headers).
 */
import diagnostics from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { Agent, buildConnector } from 'undici';
import type { AbortScope } from '../runtime/abort-scope.ts';

/** Phase timings in ms, as k6's Response.timings. */
export interface PhaseTimings {
  blocked: number;
  connecting: number;
  tls_handshaking: number;
  sending: number;
  waiting: number;
  receiving: number;
  duration: number;
}

/** The raw outcome of one request (one hop; redirects are followed by the caller). */
export interface RawResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: Buffer | null;
  timings: PhaseTimings;
  bytesSent: number;
  bytesReceived: number;
  /** performance.now() when the response ended (k6 stamps HTTP samples with the request's end). */
  endedAt: number;
}

/** What one dispatch needs. */
export interface RawRequest {
  origin: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
  timeoutMs: number;
  keepBody: boolean;
  signal: AbortScope;
}

interface SocketTiming {
  start: number;
  end: number;
  used: boolean;
}
const socketTimings = new WeakMap<Socket, SocketTiming>();

const now = () => performance.now();

const canonicalNames = new Map<string, string>();
/** k6 shows response header names canonicalised ("content-type" → "Content-Type"); cached per name. */
function canonical(name: string): string {
  let c = canonicalNames.get(name);
  if (c === undefined) {
    c = name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, d: string, ch: string) => d + ch.toUpperCase());
    if (canonicalNames.size < 10_000) canonicalNames.set(name, c);
  }
  return c;
}

// One object per request carries its timings, its promise callbacks, its timeout and its abort hook,
// so a dispatch allocates no closures.
class TimedHandler {
  t0 = now();
  tConn = 0;
  tSent = 0;
  tFirst = 0;
  connecting = 0;
  headerBytes = 0;
  status = 0;
  statusText = '';
  headers: Record<string, string> = {};
  receivedHeaderBytes = 0;
  chunks: Buffer[] | undefined;
  bodyBytes = 0;
  abort?: (err?: Error) => void;
  timer: NodeJS.Timeout | undefined;
  settled = false;

  constructor(
    private readonly req: RawRequest,
    private readonly resolve: (r: RawResponse) => void,
    private readonly reject: (e: Error) => void,
  ) {}

  onConnect(abort: (err?: Error) => void): void {
    this.abort = abort;
    this.tConn = now();
  }
  onRequestSent(): void {
    this.tSent = now();
  }
  onResponseStarted(): void {
    if (this.tFirst === 0) this.tFirst = now();
  }
  onHeaders(status: number, raw: Buffer[], _resume: () => void, statusText: string): boolean {
    if (this.tFirst === 0) this.tFirst = now();
    if (status < 200) return true; // 1xx interim responses are skipped
    this.status = status;
    this.statusText = statusText;
    let bytes = 15 + statusText.length; // "HTTP/1.1 200 " + text + CRLF
    const headers = this.headers;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const kb = raw[i]!;
      const vb = raw[i + 1]!;
      bytes += kb.length + vb.length + 4; // latin1: one byte per character
      const canon = canonical(kb.toString('latin1'));
      const v = vb.toString('latin1');
      const prev = headers[canon];
      headers[canon] = prev === undefined ? v : `${prev}, ${v}`;
    }
    this.receivedHeaderBytes = bytes + 2;
    return true;
  }
  onData(chunk: Buffer): boolean {
    this.bodyBytes += chunk.length;
    if (this.req.keepBody) (this.chunks ??= []).push(chunk);
    return true;
  }
  onComplete(): void {
    this.finish(null);
  }
  onError(err: Error): void {
    this.finish(err);
  }
  /** AbortScope listener: the iteration was interrupted. */
  onScopeAbort(reason: Error): void {
    this.abort?.(reason);
    this.finish(reason);
  }

  finish(err: Error | null): void {
    if (this.settled) return;
    this.settled = true;
    const req = this.req;
    if (this.timer !== undefined) clearTimeout(this.timer);
    req.signal.remove(this);
    if (err) return this.reject(err);
    const end = now();
    const tConn = this.tConn || this.t0;
    const tSent = this.tSent || tConn;
    const tFirst = this.tFirst || tSent;
    const blocked = Math.max(0, tConn - this.t0 - this.connecting);
    const sending = tSent - tConn;
    const waiting = tFirst - tSent;
    const receiving = end - tFirst;
    const bodyLen = req.body === undefined ? 0 : typeof req.body === 'string' ? Buffer.byteLength(req.body) : req.body.length;
    const chunks = this.chunks;
    this.resolve({
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
      body: req.keepBody ? (chunks === undefined ? EMPTY : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)) : null,
      timings: { blocked, connecting: this.connecting, tls_handshaking: 0, sending, waiting, receiving, duration: sending + waiting + receiving },
      bytesSent: this.headerBytes + bodyLen,
      bytesReceived: this.receivedHeaderBytes + this.bodyBytes,
      endedAt: end,
    });
  }
}

const EMPTY = Buffer.alloc(0);

function onTimeout(h: TimedHandler): void {
  const err = new Error('request timeout');
  (err as Error & { code: string }).code = 'K6_REQUEST_TIMEOUT';
  if (h.abort) h.abort(err);
  h.finish(err);
}

let handlerSymbol: symbol | undefined;

// undici publishes the request and its socket when it writes the header block: that is where a
// request learns whether it paid for a new connection, and how many header bytes went out.
diagnostics.channel('undici:client:sendHeaders').subscribe((msg) => {
  const { request, headers, socket } = msg as { request: object; headers: string; socket: Socket };
  handlerSymbol ??= Object.getOwnPropertySymbols(request).find((s) => s.description === 'handler');
  const h = handlerSymbol ? (request as Record<symbol, unknown>)[handlerSymbol] : undefined;
  if (!(h instanceof TimedHandler)) return;
  h.headerBytes = Buffer.byteLength(headers, 'latin1');
  const st = socketTimings.get(socket);
  if (st && !st.used) {
    st.used = true;
    h.connecting = st.end - st.start;
  }
});

/** The per-thread connection pool. */
export class HttpAgent {
  private readonly agent: Agent;

  /** `noConnectionReuse` closes every connection after its request (k6 option). */
  constructor(readonly noConnectionReuse = false) {
    const connector = buildConnector({});
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      pipelining: 1,
      connect: (opts, cb) => {
        const start = now();
        connector(opts, (err, socket) => {
          if (socket) socketTimings.set(socket as Socket, { start, end: now(), used: false });
          cb(err as Error, socket as never);
        });
      },
    });
  }

  /** Sends one request and resolves with its raw response; rejects with the network error. */
  send(req: RawRequest): Promise<RawResponse> {
    if (req.signal.aborted) return Promise.reject(req.signal.reason);
    return new Promise((resolve, reject) => {
      const handler = new TimedHandler(req, resolve, reject);
      req.signal.listen(handler);
      handler.timer = setTimeout(onTimeout, req.timeoutMs, handler);
      this.agent.dispatch(
        {
          origin: req.origin,
          path: req.path,
          method: req.method as 'GET',
          headers: req.headers,
          body: req.body,
          reset: this.noConnectionReuse,
          headersTimeout: 0,
          bodyTimeout: 0,
        },
        handler as never,
      );
    });
  }

  /** Closes every pooled connection. */
  close(): Promise<void> {
    return this.agent.close();
  }
}
