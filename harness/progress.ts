import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';

/** The latest figures a long command can show. */
export interface ProgressFigures {
  reqPerSec?: number;
  errors?: number;
  /** Free text about the last sample taken (e.g. "job_events 12.3 MB"). */
  lastSample?: string;
}

/** Options of a progress reporter. */
export interface ProgressOptions {
  /** Total planned duration in ms (for elapsed / total and ETA); 0 when unknown. */
  totalMs: number;
  /** Where lines go (default stderr). */
  stream?: NodeJS.WriteStream;
  /** Plain-line period when the stream is not a TTY (default 10 s). */
  plainEveryMs?: number;
  /** Redraw period on a TTY (default 1 s). */
  ttyEveryMs?: number;
  /** Reads the current figures (called at every redraw). */
  figures?: () => ProgressFigures;
  quiet?: boolean;
}

function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const p = (n: number) => String(n).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${p(Math.floor((s % 3600) / 60))}:${p(s % 60)}` : `${p(Math.floor(s / 60))}:${p(s % 60)}`;
}

/** Formats one progress line: phase, elapsed / total, ETA, req/s, errors, last sample. */
export function progressLine(phase: string, elapsedMs: number, totalMs: number, f: ProgressFigures): string {
  const parts = [phase.padEnd(10), totalMs > 0 ? `${clock(elapsedMs)} / ${clock(totalMs)}` : clock(elapsedMs)];
  if (totalMs > 0) parts.push(`ETA ${clock(totalMs - elapsedMs)}`);
  if (f.reqPerSec !== undefined) parts.push(`${f.reqPerSec.toFixed(0)} req/s`);
  if (f.errors !== undefined) parts.push(`${f.errors} errors`);
  if (f.lastSample) parts.push(f.lastSample);
  return parts.join('  ');
}

/**
 * Progress for long commands: one live line redrawn every second on a TTY, one plain line every
 * 10 s otherwise (CI logs stay readable). `phase()` changes the label; `done()` ends the line.
 */
export class Progress {
  private phaseName = 'starting';
  private phaseStart = Date.now();
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;

  constructor(private readonly opts: ProgressOptions) {
    this.stream = opts.stream ?? process.stderr;
    this.tty = Boolean(this.stream.isTTY);
    if (opts.quiet) return;
    const every = this.tty ? (opts.ttyEveryMs ?? 1000) : (opts.plainEveryMs ?? 10_000);
    this.timer = setInterval(() => this.draw(), every);
    this.timer.unref();
  }

  /** Starts a new phase; on a non-TTY it prints the phase change at once. */
  phase(name: string): void {
    this.phaseName = name;
    this.phaseStart = Date.now();
    if (this.opts.quiet) return;
    if (this.tty) this.draw();
    else this.stream.write(`[${clock(Date.now() - this.started)}] ${name}\n`);
  }

  /** Prints a line of its own without breaking the live line. */
  log(line: string): void {
    if (this.opts.quiet) return;
    if (this.tty) this.stream.write(`\r\x1b[2K${line}\n`);
    else this.stream.write(`${line}\n`);
    if (this.tty) this.draw();
  }

  /** Stops redrawing and ends the live line. */
  done(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!this.opts.quiet && this.tty) this.stream.write('\r\x1b[2K');
  }

  private draw(): void {
    const line = progressLine(this.phaseName, Date.now() - this.started, this.opts.totalMs, this.opts.figures?.() ?? {});
    if (this.tty) this.stream.write(`\r\x1b[2K${line.slice(0, (this.stream.columns ?? 120) - 1)}`);
    else this.stream.write(`${line}\n`);
  }

  /** Milliseconds since the current phase began. */
  phaseElapsed(): number {
    return Date.now() - this.phaseStart;
  }
}

/**
 * Follows a growing timeseries.ndjson (analysis/timeseries-line.ts) and keeps the request rate of
 * the last complete second and the running error count, for the progress line. Reads only what
 * was appended since the last call, so it costs nothing on long runs.
 */
export class TimeseriesTail {
  private offset = 0;
  private rest = '';
  private reqs = new Map<number, number>();
  private errorCount = 0;

  constructor(private readonly file: string) {}

  /** Current figures from the file. */
  figures(): ProgressFigures {
    this.read();
    const seconds = [...this.reqs.keys()].sort((a, b) => a - b);
    // The newest second is still being filled; the one before it is complete.
    const t = seconds.length >= 2 ? seconds[seconds.length - 2]! : seconds[0];
    return { reqPerSec: t === undefined ? undefined : this.reqs.get(t), errors: this.errorCount };
  }

  private read(): void {
    if (!existsSync(this.file)) return;
    const fd = openSync(this.file, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size <= this.offset) return;
      const buf = Buffer.alloc(size - this.offset);
      readSync(fd, buf, 0, buf.length, this.offset);
      this.offset = size;
      const lines = (this.rest + buf.toString('utf8')).split('\n');
      this.rest = lines.pop() ?? '';
      for (const line of lines) this.take(line);
    } finally {
      closeSync(fd);
    }
    for (const t of [...this.reqs.keys()].sort((a, b) => a - b).slice(0, -5)) this.reqs.delete(t);
  }

  private take(line: string): void {
    if (!line.includes('"http_req')) return;
    try {
      const l = JSON.parse(line) as { kind: string; metric: string; t: number; value?: number; passes?: number };
      if (l.kind === 'counter' && l.metric === 'http_reqs') this.reqs.set(l.t, (this.reqs.get(l.t) ?? 0) + (l.value ?? 0));
      if (l.kind === 'rate' && l.metric === 'http_req_failed') this.errorCount += l.passes ?? 0;
    } catch {
      /* a half-written line: the next read completes it */
    }
  }
}
