/**
 * The progress display: one live line on a TTY (rewritten every second), a plain line every 10 s
 * otherwise, nothing with --quiet. Elapsed/total, VUs, iterations, req/s, p95 so far, errors.
 */

/** One progress reading. */
export interface ProgressState {
  elapsedMs: number;
  totalMs: number;
  vus: number;
  vusMax: number;
  iterations: number;
  interrupted: number;
  requestsPerSecond: number;
  p95Ms: number | undefined;
  failedRequests: number;
}

function clock(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}m${(s - m * 60).toFixed(1).padStart(4, '0')}s`;
}

/** The progress line text. */
export function progressLine(p: ProgressState): string {
  const p95 = p.p95Ms === undefined ? '-' : `${p.p95Ms.toFixed(2)}ms`;
  return (
    `running (${clock(p.elapsedMs)}/${clock(p.totalMs)}), ${p.vus}/${p.vusMax} VUs, ` +
    `${p.iterations} complete and ${p.interrupted} interrupted iterations, ${p.requestsPerSecond.toFixed(1)} req/s, p95=${p95}, errors=${p.failedRequests}`
  );
}

/** Writes progress lines to a stream at the right cadence. */
export class ProgressDisplay {
  private lastPlain = 0;
  private live = false;

  /** `tty` picks the live line; `quiet` silences everything. */
  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly tty: boolean,
    private readonly quiet: boolean,
  ) {}

  /** Called once a second. */
  update(p: ProgressState): void {
    if (this.quiet) return;
    if (this.tty) {
      this.out.write(`\r\x1b[2K${progressLine(p)}`);
      this.live = true;
    } else if (p.elapsedMs - this.lastPlain >= 10_000) {
      this.lastPlain = p.elapsedMs;
      this.out.write(`${progressLine(p)}\n`);
    }
  }

  /** Ends the live line so later output starts on a fresh line. */
  finish(): void {
    if (this.live) this.out.write('\n');
    this.live = false;
  }
}
