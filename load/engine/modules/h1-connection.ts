/**
 * One keep-alive HTTP/1.1 connection of the engine's client: a TCP (or TLS) socket, its response
 * parser and the one request in flight on it (no pipelining, as k6). It stamps the k6 phases as the
 * bytes move: connect and TLS times when the socket opens, "sent" when the request is handed to the
 * socket, the first response byte, the end of the body.
 */
import net from 'node:net';
import tls from 'node:tls';
import { H1ResponseParser, type ResponseSink } from './h1-response-parser.ts';

const now = () => performance.now();

/** Where a connection goes. */
export interface Origin {
  /** "http://host:port" as the request gave it: the pool's key. */
  key: string;
  /** Host name or IP for connect (IPv6 without brackets). */
  hostname: string;
  port: number;
  tls: boolean;
  /** The Host header value ("host[:port]"). */
  host: string;
  /** The pool's idle connections to this origin, most recently used last (kept here: one lookup less per request). */
  idle: H1Connection[];
}

/** The request a connection carries: the pool's per-request object. */
export interface ConnectionExchange {
  readonly method: string;
  readonly timeoutMs: number;
  /** Set by the connection: ms from the request's start until it had a connection, and the parts of that. */
  tConn: number;
  tSent: number;
  tFirst: number;
  connecting: number;
  tlsHandshaking: number;
  onHead(status: number, statusText: string, headers: Record<string, string>): void;
  onBody(chunk: Buffer): void;
  /** The response ended after `bytes` on the wire. */
  onEnd(bytes: number): void;
  /** The request failed on this connection; `retryable` when it may be sent again on another one. */
  onConnectionError(err: Error, retryable: boolean): void;
}

/** What a connection tells its pool. */
export interface ConnectionOwner {
  release(conn: H1Connection): void;
  forget(conn: H1Connection): void;
}

/** Methods that may be sent again when a reused connection turned out to be closed by the server (as Go's client). */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

function timedOut(conn: H1Connection): void {
  conn.timeout();
}

/** A pooled connection. */
export class H1Connection implements ResponseSink {
  readonly socket: net.Socket;
  private readonly parser = new H1ResponseParser(this);
  private exchange: ConnectionExchange | undefined;
  private pending: Buffer | undefined;
  private connected = false;
  /** Whether a request already completed on it (a closed reused connection allows a retry). */
  private reused = false;
  private connectStart = now();
  private connectedAt = 0;
  private tlsAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerMs = -1;
  dead = false;

  constructor(readonly origin: Origin, private readonly owner: ConnectionOwner) {
    const socket = origin.tls
      ? tls.connect({ host: origin.hostname, port: origin.port, servername: net.isIP(origin.hostname) ? undefined : origin.hostname, ALPNProtocols: ['http/1.1'] })
      : net.connect({ host: origin.hostname, port: origin.port });
    this.socket = socket;
    socket.setNoDelay(true);
    // DNS is part of k6's "blocked", not "connecting": restart the connect clock after the lookup.
    socket.once('lookup', () => (this.connectStart = now()));
    socket.once('connect', () => {
      this.connectedAt = now();
      if (!origin.tls) this.onOpen();
    });
    if (origin.tls) socket.once('secureConnect', () => {
      this.tlsAt = now();
      this.onOpen();
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.onSocketGone(err));
    socket.on('close', () => this.onSocketGone(undefined));
  }

  /** Sends `bytes` (head and body) as the request of `ex`. */
  start(ex: ConnectionExchange, bytes: Buffer): void {
    this.exchange = ex;
    this.parser.expect(ex.method === 'HEAD');
    if (this.timerMs === ex.timeoutMs && this.timer !== undefined) this.timer.refresh();
    else {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = setTimeout(timedOut, ex.timeoutMs, this);
      this.timer.unref();
      this.timerMs = ex.timeoutMs;
    }
    if (!this.connected) {
      this.pending = bytes;
      return;
    }
    ex.tConn = now();
    this.socket.write(bytes);
    ex.tSent = now();
  }

  private onOpen(): void {
    this.connected = true;
    const ex = this.exchange;
    const bytes = this.pending;
    this.pending = undefined;
    if (ex === undefined || bytes === undefined) return;
    ex.connecting = this.connectedAt - this.connectStart;
    ex.tlsHandshaking = this.origin.tls ? this.tlsAt - this.connectedAt : 0;
    ex.tConn = now();
    this.socket.write(bytes);
    ex.tSent = now();
  }

  private onData(chunk: Buffer): void {
    const ex = this.exchange;
    if (ex === undefined) {
      // Bytes nobody asked for: the connection's state is unknown, so it cannot be reused.
      this.destroy();
      return;
    }
    if (ex.tFirst === 0) ex.tFirst = now();
    let left: number;
    try {
      left = this.parser.feed(chunk);
    } catch (err) {
      this.fail(err as Error, false);
      return;
    }
    if (left > 0) this.destroy();
  }

  /** ResponseSink: forwarded to the request. */
  onHead(status: number, statusText: string, headers: Record<string, string>): void {
    this.exchange!.onHead(status, statusText, headers);
  }

  /** ResponseSink: forwarded to the request. */
  onBody(chunk: Buffer): void {
    this.exchange!.onBody(chunk);
  }

  /** ResponseSink: the response is complete; the connection goes back to the pool (or closes), then the request resolves. */
  onEnd(bytes: number, keepAlive: boolean): void {
    const ex = this.exchange!;
    this.exchange = undefined;
    this.reused = true;
    if (keepAlive && !this.dead) this.owner.release(this);
    else this.destroy();
    ex.onEnd(bytes);
  }

  /** The request's timeout fired (a timer left from an earlier request on this connection finds nothing to do). */
  timeout(): void {
    if (this.exchange === undefined) return;
    const err = new Error('request timeout') as Error & { code: string };
    err.code = 'K6_REQUEST_TIMEOUT';
    this.fail(err, false);
  }

  /** The iteration that owns the request was interrupted. */
  abort(reason: Error): void {
    if (this.exchange !== undefined) this.fail(reason, false);
  }

  /** Closes the connection now. */
  destroy(): void {
    if (!this.dead) {
      this.dead = true;
      this.owner.forget(this);
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.socket.destroy();
  }

  private fail(err: Error, retryable: boolean): void {
    const ex = this.exchange;
    this.exchange = undefined;
    this.destroy();
    ex?.onConnectionError(err, retryable);
  }

  private onSocketGone(err: Error | undefined): void {
    const ex = this.exchange;
    if (ex === undefined) {
      this.destroy();
      return;
    }
    if (err === undefined) {
      // A body read until the connection's end completes here; anything else was cut off.
      try {
        this.parser.close();
        this.destroy();
        return;
      } catch (cut) {
        err = Object.assign(new Error(`socket hang up: ${(cut as Error).message}`), { code: 'ECONNRESET' });
      }
    }
    // The server may close an idle keep-alive connection just as a request goes out on it.
    const retryable = this.reused && !this.parser.started && IDEMPOTENT.has(ex.method);
    this.fail(err, retryable);
  }
}
