/**
 * An append-only text file that streams to disk as the run goes (gzip when the path ends in ".gz").
 * Opened synchronously so a bad path fails at start. Each flush() writes the text synchronously, or for
 * ".gz" compresses it on libuv's thread pool (off the sampling thread) and appends it, in order, as one
 * complete gzip member (concatenated members are valid gzip, read whole by `gunzip` and zlib), so a run
 * killed at any moment leaves a readable file up to its last written flush.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** Buffered text → file, written at each flush(). */
export class StreamFile {
  private readonly fd: number;
  private readonly gzip: boolean;
  private chunks: string[] = [];
  private closed = false;
  /** Gzip members still being compressed, chained so they land in order. */
  private pending: Promise<void> = Promise.resolve();
  private error?: Error;

  /** Opens (creates/truncates) `path`; throws at once when it cannot be opened. */
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w', 0o666);
    this.gzip = path.endsWith('.gz');
  }

  /** Queues text; nothing reaches the disk before the next flush(). */
  append(text: string): void {
    if (this.closed) throw new Error(`output ${this.path}: write after close`);
    this.chunks.push(text);
  }

  /** Writes the queued text to the file (as one gzip member for ".gz"). */
  flush(): void {
    if (this.chunks.length === 0 || this.closed) return;
    const text = this.chunks.join('');
    this.chunks = [];
    if (!this.gzip) return this.writeAll(Buffer.from(text));
    const compressed = gzipAsync(text);
    compressed.catch(() => undefined); // handled in the chain below; keeps Node from flagging it early
    this.pending = this.pending.then(async () => {
      try {
        this.writeAll(await compressed);
      } catch (e) {
        this.error ??= e as Error;
      }
    });
  }

  // Called from timers: a failing disk must not crash the run, so the first error is kept for close().
  private writeAll(bytes: Uint8Array): void {
    if (this.error) return;
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off);
    } catch (e) {
      this.error = e as Error;
    }
  }

  /** The first write error, if any (outputs keep running; the caller decides whether to stop). */
  get failure(): Error | undefined {
    return this.error;
  }

  /** Flushes, waits for pending gzip members, syncs and closes the file; rejects with the first write error. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    await this.pending;
    try {
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
    if (this.error) throw new Error(`output ${this.path}: ${this.error.message}`);
  }
}
