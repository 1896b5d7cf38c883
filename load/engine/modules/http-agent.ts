/**
 * The engine's HTTP/1.1 client: one pool of keep-alive connections per thread, one request object
 * per request that collects k6's phases (blocked, connecting, tls_handshaking, sending, waiting,
 * receiving) and the bytes on the wire. Written for the load generator's hot path: request heads
 * built from reused header objects are cached as bytes, each connection reuses one timeout timer,
 * and nothing between the socket and the script is deferred to a later tick. (undici, used before,
 * spent a quarter of a worker's CPU writing and deferred every keep-alive request by a setImmediate.)
 */
import { H1Connection, type ConnectionExchange, type ConnectionOwner, type Origin } from './h1-connection.ts';
import { buildRequestHead, requestHeadText, RequestHeadCache } from './h1-request-head.ts';
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

/** What one request needs. */
export interface RawRequest {
  origin: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  /** True when `headers` is an object the caller passes again unchanged (its heads are cached). */
  sharedHeaders?: boolean;
  body: string | Buffer | undefined;
  timeoutMs: number;
  keepBody: boolean;
  signal: AbortScope;
}

const now = () => performance.now();
const EMPTY = Buffer.alloc(0);
/** Attempts of one request on connections that turn out closed by the server before it answers. */
const MAX_RETRIES = 2;

// One object per request carries its timings, its promise callbacks and its abort hook, so a
// request allocates no closures.
class Exchange implements ConnectionExchange {
  readonly t0 = now();
  tConn = 0;
  tSent = 0;
  tFirst = 0;
  connecting = 0;
  tlsHandshaking = 0;
  status = 0;
  statusText = '';
  headers: Record<string, string> = {};
  chunks: Buffer[] | undefined;
  retries = 0;
  conn: H1Connection | undefined;
  settled = false;
  readonly method: string;
  readonly timeoutMs: number;

  constructor(
    readonly req: RawRequest,
    readonly bytes: Buffer,
    private readonly agent: HttpAgent,
    private readonly resolve: (r: RawResponse) => void,
    private readonly reject: (e: Error) => void,
  ) {
    this.method = req.method;
    this.timeoutMs = req.timeoutMs;
  }

  onHead(status: number, statusText: string, headers: Record<string, string>): void {
    this.status = status;
    this.statusText = statusText;
    this.headers = headers;
  }

  onBody(chunk: Buffer): void {
    if (this.req.keepBody) (this.chunks ??= []).push(chunk);
  }

  onEnd(bytesReceived: number): void {
    if (this.settled) return;
    this.settled = true;
    this.req.signal.remove(this);
    const end = now();
    const tConn = this.tConn;
    const tSent = this.tSent || tConn;
    const tFirst = this.tFirst || tSent;
    const sending = tSent - tConn;
    const waiting = tFirst - tSent;
    const receiving = end - tFirst;
    const chunks = this.chunks;
    this.resolve({
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
      body: this.req.keepBody ? (chunks === undefined ? EMPTY : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)) : null,
      timings: {
        blocked: Math.max(0, tConn - this.t0 - this.connecting - this.tlsHandshaking),
        connecting: this.connecting,
        tls_handshaking: this.tlsHandshaking,
        sending,
        waiting,
        receiving,
        duration: sending + waiting + receiving,
      },
      bytesSent: this.bytes.length,
      bytesReceived,
      endedAt: end,
    });
  }

  onConnectionError(err: Error, retryable: boolean): void {
    if (this.settled) return;
    if (retryable && this.retries < MAX_RETRIES && !this.req.signal.aborted) {
      this.retries++;
      this.tFirst = 0;
      this.agent.dispatch(this);
      return;
    }
    this.fail(err);
  }

  /** AbortScope listener: the iteration was interrupted. */
  onScopeAbort(reason: Error): void {
    if (this.conn !== undefined) this.conn.abort(reason);
    this.fail(reason);
  }

  fail(err: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.req.signal.remove(this);
    this.reject(err);
  }
}

/** The per-thread connection pool. */
export class HttpAgent implements ConnectionOwner {
  private readonly open = new Set<H1Connection>();
  private readonly origins = new Map<string, Origin>();
  private readonly heads: RequestHeadCache;
  private closed = false;

  /** `noConnectionReuse` closes every connection after its request (k6 option). */
  constructor(readonly noConnectionReuse = false) {
    this.heads = new RequestHeadCache(noConnectionReuse);
  }

  /** Sends one request and resolves with its raw response; rejects with the network error. */
  send(req: RawRequest): Promise<RawResponse> {
    if (req.signal.aborted) return Promise.reject(req.signal.reason);
    let bytes: Buffer;
    let origin: Origin;
    try {
      origin = this.originOf(req.origin);
      bytes = this.requestBytes(req, origin);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      const ex = new Exchange(req, bytes, this, resolve, reject);
      req.signal.listen(ex);
      this.dispatch(ex, origin);
    });
  }

  /** Puts a request on an idle connection to its origin, or on a new one. */
  dispatch(ex: Exchange, origin = this.originOf(ex.req.origin)): void {
    // A request retried while the pool closes must not open a connection nobody will close.
    if (this.closed) return ex.fail(new Error('the HTTP client is closed'));
    const stack = origin.idle;
    let conn: H1Connection | undefined;
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (!c.dead) {
        conn = c;
        break;
      }
    }
    if (conn === undefined) {
      conn = new H1Connection(origin, this);
      this.open.add(conn);
    }
    ex.conn = conn;
    conn.start(ex, ex.bytes);
  }

  /** ConnectionOwner: a connection finished its request and may carry the next one. */
  release(conn: H1Connection): void {
    if (this.noConnectionReuse) return conn.destroy();
    conn.origin.idle.push(conn);
  }

  /** ConnectionOwner: a connection closed (it is skipped if still on an idle stack). */
  forget(conn: H1Connection): void {
    this.open.delete(conn);
  }

  /** Closes every connection (requests still in flight fail). */
  async close(): Promise<void> {
    this.closed = true;
    for (const conn of [...this.open]) conn.destroy();
    for (const o of this.origins.values()) o.idle.length = 0;
  }

  private requestBytes(req: RawRequest, origin: Origin): Buffer {
    const body = req.body;
    if (body === undefined) {
      return req.sharedHeaders === true
        ? this.heads.get(req.method, origin.host, req.path, req.headers)
        : buildRequestHead(req.method, origin.host, req.path, req.headers, undefined, this.noConnectionReuse);
    }
    const bodyLength = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    // Head and body written straight into one buffer (one allocation, no copy of the head).
    const head = requestHeadText(req.method, origin.host, req.path, req.headers, bodyLength, this.noConnectionReuse);
    const headLength = Buffer.byteLength(head);
    const out = Buffer.allocUnsafe(headLength + bodyLength);
    out.write(head, 0, 'utf8');
    if (typeof body === 'string') out.write(body, headLength, 'utf8');
    else body.copy(out, headLength);
    return out;
  }

  private originOf(key: string): Origin {
    let o = this.origins.get(key);
    if (o === undefined) {
      const url = new URL(key);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`unsupported protocol scheme "${url.protocol.slice(0, -1)}"`);
      const tls = url.protocol === 'https:';
      // Kept for the pool's life, as their idle connections are: one small object per origin a script names.
      o = { key, hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port || (tls ? 443 : 80)), tls, host: url.host, idle: [] };
      this.origins.set(key, o);
    }
    return o;
  }
}
