import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import pg from 'pg';
import { SAMPLE_COLUMNS } from '../analysis/growth/samples-format.ts';
import { UsageError } from '../harness/errors.ts';
import { TICK_SQL, type TickRow } from './catalog-queries.ts';
import { CumulativeCounters } from './cumulative-counters.ts';
import { gapCells, tickToCells, type CsvCells } from './sample-rows.ts';

/** Options of startSampler. */
export interface SamplerOptions {
  /** Connection URL of the target's database (never logged or written). */
  pgUrl: string;
  /** Time between ticks. */
  intervalMs: number;
  /** samples.csv to create (refused if it already exists: samples are never overwritten). */
  outFile: string;
  /** First reconnect delay after the database went away; doubles up to intervalMs (default 250). */
  initialBackoffMs?: number;
}

/** A running sampler. */
export interface Sampler {
  /** Stops after the tick in flight, closes the connection and the file. */
  stop(): Promise<void>;
  /** Ticks written so far. */
  ticks(): number;
  /** Ticks lost (database unreachable), each recorded as an `@gap` row. */
  gaps(): number;
}

/** Removes credentials from an error message (a URL's user:password@). */
function redact(message: string): string {
  return message.replace(/\/\/[^/@\s]*@/g, '//***@').replace(/password[^,;]*/gi, 'password ***').split('\n')[0]!.slice(0, 200);
}

/**
 * Samples the target database's relation sizes and statistics every `intervalMs` into a long-format
 * samples.csv (issue 5 item 1), one catalog query per tick, flushed to the file every tick so a
 * killed run keeps its samples. When the database goes away each missed tick is written as an
 * `@gap` row and the sampler reconnects with exponential backoff; it never ends on its own.
 */
export function startSampler(opts: SamplerOptions): Sampler {
  if (!(opts.intervalMs > 0)) throw new UsageError(`sampler: interval must be positive (got ${opts.intervalMs} ms)`);
  let fd: number;
  try {
    fd = openSync(opts.outFile, 'wx');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'EEXIST' ? `${opts.outFile}: already exists; samples are never overwritten` : `${opts.outFile}: cannot create (${code ?? String(err)})`);
  }
  const write = (rows: CsvCells[], header = false) => {
    writeSync(fd, stringify(rows, { header, columns: header ? [...SAMPLE_COLUMNS] : undefined }));
  };
  write([], true);
  fsyncSync(fd);

  const started = Date.now();
  const counters = new CumulativeCounters();
  const firstBackoff = opts.initialBackoffMs ?? 250;
  let client: pg.Client | null = null;
  let stopped = false;
  let tickCount = 0;
  let gapCount = 0;
  let wake: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, Math.max(0, ms));
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  const queryTimeout = Math.max(2000, Math.min(30_000, opts.intervalMs * 2));
  const connect = async (): Promise<pg.Client> => {
    const c = new pg.Client({
      connectionString: opts.pgUrl,
      connectionTimeoutMillis: Math.min(queryTimeout, 5000),
      query_timeout: queryTimeout,
      application_name: 'aetheris-bench-sampler',
    });
    // A server that goes away emits 'error' on an idle client; without a listener Node would crash.
    c.on('error', () => {
      if (client === c) client = null;
      c.end().catch(() => undefined);
    });
    try {
      await c.connect();
    } catch (err) {
      await c.end().catch(() => undefined);
      throw err;
    }
    return c;
  };
  const recordGap = (err: unknown) => {
    const now = new Date();
    write([gapCells(now, (now.getTime() - started) / 1000, redact(err instanceof Error ? err.message : String(err)))]);
    gapCount++;
  };

  const loop = async () => {
    let nextTick = Date.now();
    let backoff = firstBackoff;
    let gapRecordedForTick = false;
    while (!stopped) {
      if (!client) {
        try {
          client = await connect();
          backoff = firstBackoff;
        } catch (err) {
          if (stopped) break;
          if (Date.now() >= nextTick && !gapRecordedForTick) {
            recordGap(err);
            gapRecordedForTick = true;
          }
          await sleep(backoff);
          backoff = Math.min(backoff * 2, opts.intervalMs);
          if (Date.now() >= nextTick + opts.intervalMs) {
            nextTick += Math.floor((Date.now() - nextTick) / opts.intervalMs) * opts.intervalMs;
            gapRecordedForTick = false;
          }
          continue;
        }
      }
      const wait = nextTick - Date.now();
      if (wait > 0) {
        await sleep(wait);
        continue;
      }
      const c = client;
      try {
        const t0 = performance.now();
        const res = await c.query<TickRow>(TICK_SQL);
        const tickMs = performance.now() - t0;
        const now = new Date();
        write(tickToCells(res.rows, now, (now.getTime() - started) / 1000, counters, tickMs));
        tickCount++;
      } catch (err) {
        recordGap(err);
        if (client === c) client = null;
        await c.end().catch(() => undefined);
      }
      gapRecordedForTick = false;
      // Missed ticks are skipped, not replayed in a burst.
      nextTick += opts.intervalMs;
      if (nextTick < Date.now()) nextTick = Date.now() + opts.intervalMs - ((Date.now() - started) % opts.intervalMs);
    }
  };
  let failure: unknown = null;
  // A failed file write ends the loop; stop() reports it instead of an unhandled rejection.
  const running = loop().catch((err: unknown) => {
    failure = err;
  });

  return {
    async stop() {
      if (!stopped) {
        stopped = true;
        wake?.();
      }
      await running;
      if (client) {
        const c = client;
        client = null;
        await c.end().catch(() => undefined);
      }
      try {
        fsyncSync(fd);
        closeSync(fd);
      } catch {
        /* closed already by an earlier stop() */
      }
      if (failure) throw failure;
    },
    ticks: () => tickCount,
    gaps: () => gapCount,
  };
}
