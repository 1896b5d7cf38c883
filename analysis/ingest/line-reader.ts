/**
 * Streams the lines of a text file, gunzipping when the file starts with the gzip magic bytes
 * (by content, never by extension). Memory stays flat: one chunk and one partial line at a time.
 * The last line is flagged when the file did not end with a newline, i.e. a writer was killed mid-line.
 */
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { constants as zlibConstants, createGunzip } from 'node:zlib';
import { UsageError } from '../../harness/errors.ts';
import type { Readable } from 'node:stream';

/** True when the file starts with the gzip magic bytes 1f 8b. */
export function isGzipFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const n = readSync(fd, head, 0, 2, 0);
    return n === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** A readable byte stream of the file's (decompressed) content. */
export function openBytes(path: string): Readable {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  // Z_SYNC_FLUSH: a gzip stream cut off by a killed writer yields everything written so far instead of an error.
  const stream = isGzipFile(path) ? raw.pipe(createGunzip({ finishFlush: zlibConstants.Z_SYNC_FLUSH })) : raw;
  if (stream !== raw) raw.on('error', (err) => stream.destroy(err));
  return stream;
}

/** A readable text stream of the file's (decompressed) content. */
export function openText(path: string): Readable {
  const stream = openBytes(path);
  stream.setEncoding('utf8');
  return stream;
}

/**
 * Calls `onLine(line, lineNumber, unterminated)` for each line (without the newline; a trailing \r
 * is removed). `unterminated` is true only for a final line that had no newline after it.
 */
export async function forEachLine(path: string, onLine: (line: string, lineNo: number, unterminated: boolean) => void): Promise<number> {
  let rest = '';
  let lineNo = 0;
  for await (const chunk of readable(path)) {
    let start = 0;
    let nl = chunk.indexOf('\n');
    if (nl >= 0 && rest !== '') {
      lineNo++;
      emit(rest + chunk.slice(0, nl), lineNo, false, onLine);
      rest = '';
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    while (nl >= 0) {
      lineNo++;
      emit(chunk.slice(start, nl), lineNo, false, onLine);
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    rest += chunk.slice(start);
  }
  if (rest !== '') {
    lineNo++;
    emit(rest, lineNo, true, onLine);
  }
  return lineNo;
}

function emit(line: string, lineNo: number, unterminated: boolean, onLine: (line: string, lineNo: number, unterminated: boolean) => void): void {
  onLine(line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line, lineNo, unterminated);
}

/** The decompressed chunks of a file; a read or gzip error becomes a UsageError naming the file. */
async function* readable(path: string): AsyncGenerator<string> {
  try {
    for await (const chunk of openText(path) as AsyncIterable<string>) yield chunk;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`${path}: ${e.code?.startsWith('Z_') ? 'corrupt gzip data' : 'cannot read'} (${e.code ?? e.message})`);
  }
}

/** The first `maxChars` characters of the (decompressed) file, for format detection. */
export async function peekText(path: string, maxChars = 65536): Promise<string> {
  let out = '';
  for await (const chunk of readable(path)) {
    out += chunk;
    if (out.length >= maxChars) break;
  }
  return out.slice(0, maxChars);
}

/** The whole (decompressed) file as text; for summaries, which are small. */
export async function readWholeText(path: string): Promise<string> {
  let out = '';
  for await (const chunk of readable(path)) out += chunk;
  return out;
}
