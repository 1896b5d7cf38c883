import type { ServerResponse } from 'node:http';

/** Buffered text is sent once it reaches this size (a few TCP windows; fewer, larger writes). */
const FLUSH_CHARS = 64 * 1024;

/** The client closed the connection while a streamed response was being written. */
export class ClientGoneError extends Error {
  override name = 'ClientGoneError';
}

/**
 * A 200 response sent in chunks (Transfer-Encoding: chunked) as it is built, so a multi-megabyte
 * body neither sits in memory whole nor blocks the event loop while it is serialised. Headers go
 * out with the first chunk: an error before that still becomes an ordinary JSON error response.
 */
export class StreamedResponse {
  private buffer = '';
  private started = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly contentType = 'application/json; charset=utf-8',
  ) {}

  /** Appends text to the body (sent at the next flush). */
  push(text: string): void {
    this.buffer += text;
  }

  /** Sends the buffered text once enough has gathered; waits while the socket is backed up. */
  async flush(force = false): Promise<void> {
    if (!force && this.buffer.length < FLUSH_CHARS) return;
    if (this.res.destroyed) throw new ClientGoneError('client closed the connection');
    this.start();
    const chunk = this.buffer;
    this.buffer = '';
    if (chunk && !this.res.write(chunk)) await this.drained();
    if (this.res.destroyed) throw new ClientGoneError('client closed the connection');
  }

  /** Sends the rest and ends the response. */
  end(text = ''): void {
    this.start();
    this.res.end(this.buffer + text);
    this.buffer = '';
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.res.writeHead(200, { 'Content-Type': this.contentType, 'Access-Control-Allow-Origin': '*' });
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      // 'close' may already have fired: then there is nothing to wait for.
      if (this.res.destroyed) return resolve();
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }
}
