/**
 * An incremental HTTP/1.x response parser for the engine's client: status line and headers (k6's
 * canonical header names), then the body framed by Content-Length, chunked transfer coding or the
 * connection's end. It works on the socket's own chunks and slices body bytes out of them without
 * copying, because a load generator parses one small response per request and every allocation
 * shows in its requests per second.
 */

/** What the parser reports; the connection implements it. */
export interface ResponseSink {
  /** The head of a final (non-1xx) response was parsed. */
  onHead(status: number, statusText: string, headers: Record<string, string>): void;
  /** A piece of the (de-chunked) body. */
  onBody(chunk: Buffer): void;
  /** The response is complete; `bytes` is what it took on the wire, head and framing included. */
  onEnd(bytes: number, keepAlive: boolean): void;
}

/** A response the parser cannot make sense of (the connection must be dropped). */
export class ResponseParseError extends Error {
  readonly code = 'HPE_INVALID';
}

const enum State {
  Head,
  Length,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailers,
  UntilClose,
  Done,
}

const MAX_HEAD = 64 * 1024;
const CRLFCRLF = Buffer.from('\r\n\r\n');

const canonicalNames = new Map<string, string>();
/** k6 shows response header names canonicalised ("content-type" → "Content-Type"); cached per spelling. */
function canonicalHeaderName(name: string): string {
  let c = canonicalNames.get(name);
  if (c === undefined) {
    c = name.toLowerCase().replace(/(^|-)([a-z])/g, (_m, d: string, ch: string) => d + ch.toUpperCase());
    if (canonicalNames.size < 10_000) canonicalNames.set(name, c);
  }
  return c;
}

/** Parses the responses of one connection, one at a time. */
export class H1ResponseParser {
  private state = State.Done;
  private head: Buffer | undefined;
  private remaining = 0;
  private bytes = 0;
  private keepAlive = true;
  private noBody = false;
  /** A partial chunk-size or trailer line carried over from the previous socket chunk. */
  private line = '';

  constructor(private readonly sink: ResponseSink) {}

  /** True once any byte of the expected response arrived. */
  get started(): boolean {
    return this.bytes > 0 || this.head !== undefined;
  }

  /** Prepares for the response to the next request (`headRequest`: a HEAD, whose response has no body). */
  expect(headRequest: boolean): void {
    this.state = State.Head;
    this.head = undefined;
    this.bytes = 0;
    this.keepAlive = true;
    this.noBody = headRequest;
    this.line = '';
  }

  /**
   * Consumes `chunk` from the socket. Returns the number of bytes left over after the response
   * ended (bytes a server must not send before the next request); throws ResponseParseError.
   */
  feed(chunk: Buffer): number {
    let pos = 0;
    const len = chunk.length;
    while (pos < len) {
      switch (this.state) {
        case State.Head:
          pos = this.readHead(chunk, pos);
          break;
        case State.Length: {
          const n = Math.min(this.remaining, len - pos);
          this.sink.onBody(pos === 0 && n === len ? chunk : chunk.subarray(pos, pos + n));
          pos += n;
          this.bytes += n;
          this.remaining -= n;
          if (this.remaining === 0) this.end();
          break;
        }
        case State.ChunkSize:
        case State.ChunkDataEnd:
        case State.Trailers:
          pos = this.readChunkLine(chunk, pos);
          break;
        case State.ChunkData: {
          const n = Math.min(this.remaining, len - pos);
          this.sink.onBody(chunk.subarray(pos, pos + n));
          pos += n;
          this.bytes += n;
          this.remaining -= n;
          if (this.remaining === 0) this.state = State.ChunkDataEnd;
          break;
        }
        case State.UntilClose:
          this.sink.onBody(pos === 0 ? chunk : chunk.subarray(pos));
          this.bytes += len - pos;
          pos = len;
          break;
        case State.Done:
          return len - pos;
      }
    }
    return 0;
  }

  /** The connection ended: completes a body read until close; throws if a response was cut off. */
  close(): void {
    if (this.state === State.UntilClose) {
      this.keepAlive = false;
      this.end();
    } else if (this.state !== State.Done) {
      throw new ResponseParseError(this.started ? 'the connection closed in the middle of the response' : 'the connection closed before the response');
    }
  }

  private end(): void {
    this.state = State.Done;
    this.sink.onEnd(this.bytes, this.keepAlive);
  }

  private readHead(chunk: Buffer, pos: number): number {
    let buf = chunk;
    let start = pos;
    let searchFrom = pos;
    if (this.head !== undefined) {
      // A head split over socket chunks: search again from just before the seam.
      searchFrom = Math.max(0, this.head.length - 3);
      buf = Buffer.concat([this.head, chunk.subarray(pos)]);
      start = 0;
    }
    const endAt = buf.indexOf(CRLFCRLF, searchFrom);
    if (endAt < 0) {
      if (buf.length - start > MAX_HEAD) throw new ResponseParseError(`response head over ${MAX_HEAD} bytes`);
      this.head = start === 0 && buf !== chunk ? buf : Buffer.from(buf.subarray(start));
      return chunk.length;
    }
    const headLen = endAt + 4 - start;
    const consumedFromChunk = this.head === undefined ? headLen : headLen - this.head.length;
    this.head = undefined;
    this.bytes += headLen;
    this.parseHead(buf.toString('latin1', start, endAt));
    return pos + consumedFromChunk;
  }

  private parseHead(text: string): void {
    // "HTTP/1.1 200 OK"
    const eol = text.indexOf('\r\n');
    const statusLine = eol < 0 ? text : text.slice(0, eol);
    const status = Number(statusLine.slice(9, 12));
    const wellFormed = statusLine.startsWith('HTTP/1.') && statusLine.charCodeAt(8) === 32 && (statusLine.length === 12 || statusLine.charCodeAt(12) === 32);
    if (!wellFormed || !Number.isInteger(status) || status < 100) throw new ResponseParseError(`bad status line "${statusLine.slice(0, 40)}"`);
    const http10 = statusLine.charCodeAt(7) === 48; // "HTTP/1.0"
    const headers: Record<string, string> = {};
    let pos = eol < 0 ? text.length : eol + 2;
    while (pos < text.length) {
      let next = text.indexOf('\r\n', pos);
      if (next < 0) next = text.length;
      const colon = text.indexOf(':', pos);
      if (colon < 0 || colon > next) throw new ResponseParseError(`bad header line "${text.slice(pos, Math.min(next, pos + 40))}"`);
      const name = canonicalHeaderName(text.slice(pos, colon));
      const value = text.slice(colon + 1, next).trim();
      const prev = headers[name];
      headers[name] = prev === undefined ? value : `${prev}, ${value}`;
      pos = next + 2;
    }
    if (status < 200) {
      // An interim response (100 Continue, 103 Early Hints): the real one follows.
      this.state = State.Head;
      return;
    }
    const connection = headers.Connection?.toLowerCase();
    this.keepAlive = http10 ? connection === 'keep-alive' : connection !== 'close';
    this.sink.onHead(status, statusLine.length > 13 ? statusLine.slice(13) : '', headers);
    if (this.noBody || status === 204 || status === 304) return this.end();
    const te = headers['Transfer-Encoding'];
    if (te !== undefined && te.toLowerCase().endsWith('chunked')) {
      this.state = State.ChunkSize;
      return;
    }
    const cl = headers['Content-Length'];
    if (cl !== undefined) {
      if (!/^\d+$/.test(cl)) throw new ResponseParseError(`bad Content-Length "${cl}"`);
      this.remaining = Number(cl);
      if (this.remaining === 0) return this.end();
      this.state = State.Length;
      return;
    }
    this.keepAlive = false;
    this.state = State.UntilClose;
  }

  private readChunkLine(chunk: Buffer, pos: number): number {
    // Lines end at LF; a CR before it is dropped, which also covers a CRLF split over two socket chunks.
    const at = chunk.indexOf(10, pos);
    if (at < 0) {
      this.line += chunk.toString('latin1', pos);
      if (this.line.length > 4096) throw new ResponseParseError('chunk header line too long');
      this.bytes += chunk.length - pos;
      return chunk.length;
    }
    let line = this.line + chunk.toString('latin1', pos, at);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    this.line = '';
    this.bytes += at + 1 - pos;
    switch (this.state) {
      case State.ChunkDataEnd:
        if (line !== '') throw new ResponseParseError('chunk data longer than its size');
        this.state = State.ChunkSize;
        break;
      case State.ChunkSize: {
        const semi = line.indexOf(';');
        const hex = (semi < 0 ? line : line.slice(0, semi)).trim();
        if (!/^[0-9a-fA-F]{1,12}$/.test(hex)) throw new ResponseParseError(`bad chunk size "${line.slice(0, 20)}"`);
        this.remaining = parseInt(hex, 16);
        this.state = this.remaining === 0 ? State.Trailers : State.ChunkData;
        break;
      }
      case State.Trailers:
        if (line === '') this.end();
        break;
    }
    return at + 1;
  }
}
