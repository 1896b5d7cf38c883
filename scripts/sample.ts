import { parseDurationMs, parseFlags } from '../harness/args.ts';
import { HarnessError, UsageError } from '../harness/errors.ts';
import { EXIT } from '../harness/exit-codes.ts';
import { startSampler } from '../lifecycle/sampler.ts';
import type { Command } from './cli.ts';

const usage = `Usage: aetheris-bench sample --pg URL --out FILE [--interval 5s] [--duration D]

Samples the sizes and statistics of every table, index and TOAST relation of the database at URL,
plus @database and @wal, into FILE (samples.csv, long format; see issue 5), one catalog query per
tick, flushed every tick. If the database goes away, missed ticks are written as @gap rows and the
sampler reconnects with backoff. Stops on SIGINT/SIGTERM, or after --duration.

Options:
  --pg URL          postgres:// URL of the target database (required; never printed)
  --out FILE        samples file to create (required; an existing file is never overwritten)
  --interval D      time between ticks, e.g. 500ms, 5s, 1m (default 5s)
  --duration D      stop after this long (default: run until SIGINT/SIGTERM)

Exit codes: 0 stopped normally, 2 bad usage, 3 not a single tick could be read.`;

/** `aetheris-bench sample`: the lifecycle sampler on its own. */
export const command: Command = {
  summary: 'sample Postgres relation sizes and statistics into samples.csv',
  usage,
  async run(argv) {
    const { values } = parseFlags('sample', argv, {
      pg: { type: 'string' },
      out: { type: 'string' },
      interval: { type: 'string' },
      duration: { type: 'string' },
    });
    if (!values.pg) throw new UsageError('sample: --pg URL is required');
    if (!values.out) throw new UsageError('sample: --out FILE is required');
    let protocol = '';
    try {
      protocol = new URL(values.pg).protocol;
    } catch {
      /* reported below */
    }
    if (protocol !== 'postgres:' && protocol !== 'postgresql:') throw new UsageError('sample: --pg is not a postgres:// URL');
    const intervalMs = parseDurationMs(values.interval ?? '5s', 'sample --interval');
    if (!(intervalMs >= 10)) throw new UsageError('sample --interval: must be at least 10ms');
    const durationMs = values.duration === undefined ? null : parseDurationMs(values.duration, 'sample --duration');

    const sampler = startSampler({ pgUrl: values.pg, intervalMs, outFile: values.out });
    await new Promise<void>((resolve) => {
      const done = () => {
        process.off('SIGINT', done);
        process.off('SIGTERM', done);
        if (timer) clearTimeout(timer);
        resolve();
      };
      const timer = durationMs === null ? null : setTimeout(done, durationMs);
      process.on('SIGINT', done);
      process.on('SIGTERM', done);
    });
    await sampler.stop();
    console.error(`sample: ${sampler.ticks()} ticks, ${sampler.gaps()} gaps → ${values.out}`);
    if (sampler.ticks() === 0 && sampler.gaps() > 0) throw new HarnessError(`sample: the database could not be read at any of ${sampler.gaps()} ticks (see the @gap rows in ${values.out})`);
    return EXIT.ok;
  },
};
