/**
 * Reads a (possibly gzipped) text file as decoded pieces (about 64 KiB) of whole lines, for readers
 * that walk lines by position instead of receiving one string per line (the NDJSON hot path).
 * Splitting on the '\n' byte before decoding is safe for UTF-8: that byte never occurs inside a
 * multi-byte character. Memory stays flat: one block and one partial line at a time.
 */
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { UsageError } from '../../harness/errors.ts';
import { isGzipFile, openBytes } from './line-reader.ts';

/** Bytes read per system call from a plain file. */
const BLOCK_BYTES = 4 << 20;

/** Decoded text per onBlock call (a line longer than this is handed out whole). */
const PIECE_BYTES = 64 << 10;

/** Called with text made of whole lines each ending in '\n'; `unterminated` marks a final piece without one. */
export type TextBlockHandler = (text: string, unterminated: boolean) => void;

function readError(path: string, err: unknown): UsageError {
  const e = err as NodeJS.ErrnoException;
  return new UsageError(`${path}: ${e.code?.startsWith('Z_') ? 'corrupt gzip data' : 'cannot read'} (${e.code ?? e.message})`);
}

/** Text of buf[start, end): pure ASCII (the usual k6 output) is copied as latin1, which skips UTF-8 decoding. */
function decode(buf: Buffer, start: number, end: number): string {
  return isAscii(buf.subarray(start, end)) ? buf.toString('latin1', start, end) : buf.toString('utf8', start, end);
}

/** The file's decompressed bytes; the buffer handed out may be reused by the next step. */
async function* byteChunks(path: string): AsyncGenerator<Buffer> {
  let gzip: boolean;
  try {
    gzip = isGzipFile(path);
  } catch (err) {
    throw readError(path, err);
  }
  if (gzip) {
    try {
      for await (const chunk of openBytes(path) as AsyncIterable<Buffer>) yield chunk;
    } catch (err) {
      throw readError(path, err);
    }
    return;
  }
  // Plain file: synchronous reads into one reused buffer avoid a stream's per-chunk allocations.
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw readError(path, err);
  }
  try {
    const buf = Buffer.allocUnsafe(BLOCK_BYTES);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, BLOCK_BYTES, null);
      } catch (err) {
        throw readError(path, err);
      }
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** Calls `onBlock` for consecutive blocks of the file's lines, in order. */
export async function forEachTextBlock(path: string, onBlock: TextBlockHandler): Promise<void> {
  let carry: Buffer | undefined;
  for await (const chunk of byteChunks(path)) {
    let start = 0;
    if (carry !== undefined) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        carry = Buffer.concat([carry, chunk]);
        continue;
      }
      const joined = Buffer.concat([carry, chunk.subarray(0, nl + 1)]);
      onBlock(decode(joined, 0, joined.length), false);
      carry = undefined;
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    // Handed out in pieces of about PIECE_BYTES: a piece's string is small enough for the young
    // generation, where it dies for free; a 4 MiB string would sit in large-object space until a full GC.
    while (last >= start) {
      let cut = start + PIECE_BYTES >= last ? last : chunk.lastIndexOf(10, start + PIECE_BYTES);
      if (cut < start) cut = chunk.indexOf(10, start + PIECE_BYTES);
      onBlock(decode(chunk, start, cut + 1), false);
      start = cut + 1;
    }
    if (start < chunk.length) carry = Buffer.from(chunk.subarray(start)); // a copy: the chunk's buffer is reused
  }
  if (carry !== undefined) onBlock(decode(carry, 0, carry.length), true);
}
