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
  chunks: Buffer[] = [];
  bodyBytes = 0;
  abort?: (err?: Error) => void;

  constructor(
    private readonly keepBody: boolean,
    private readonly done: (err: Error | null, h: TimedHandler) => void,
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
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const k = raw[i]!.toString('latin1');
      const v = raw[i + 1]!.toString('latin1');
      bytes += k.length + v.length + 4;
      const canon = canonical(k);
      this.headers[canon] = this.headers[canon] === undefined ? v : `${this.headers[canon]}, ${v}`;
    }
    this.receivedHeaderBytes = bytes + 2;
    return true;
  }
  onData(chunk: Buffer): boolean {
    this.bodyBytes += chunk.length;
    if (this.keepBody) this.chunks.push(chunk);
    return true;
  }
  onComplete(): void {
    this.done(null, this);
  }
  onError(err: Error): void {
    this.done(err, this);
  }
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
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      let unregister: (() => void) | undefined;
      const finish = (err: Error | null, h: TimedHandler) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        unregister?.();
        if (err) return reject(err);
        const end = now();
        const tConn = h.tConn || h.t0;
        const tSent = h.tSent || tConn;
        const tFirst = h.tFirst || tSent;
        const blocked = Math.max(0, tConn - h.t0 - h.connecting);
        const sending = tSent - tConn;
        const waiting = tFirst - tSent;
        const receiving = end - tFirst;
        const bodyLen = req.body === undefined ? 0 : typeof req.body === 'string' ? Buffer.byteLength(req.body) : req.body.length;
        resolve({
          status: h.status,
          statusText: h.statusText,
          headers: h.headers,
          body: req.keepBody ? Buffer.concat(h.chunks) : null,
          timings: { blocked, connecting: h.connecting, tls_handshaking: 0, sending, waiting, receiving, duration: sending + waiting + receiving },
          bytesSent: h.headerBytes + bodyLen,
          bytesReceived: h.receivedHeaderBytes + h.bodyBytes,
        });
      };
      const handler = new TimedHandler(req.keepBody, finish);
      if (req.signal.aborted) return reject(req.signal.reason);
      unregister = req.signal.add((reason) => {
        handler.abort?.(reason);
        finish(reason, handler);
      });
      timer = setTimeout(() => {
        const err = new Error('request timeout');
        (err as Error & { code: string }).code = 'K6_REQUEST_TIMEOUT';
        if (handler.abort) handler.abort(err);
        finish(err, handler);
      }, req.timeoutMs);
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
