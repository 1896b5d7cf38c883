// Issue 5 "Speed": a sampler tick costs the same at 1 M and at 10 M job_events rows (within 20 %).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { TICK_SQL } from '../lifecycle/catalog-queries.ts';
import { startSampler } from '../lifecycle/sampler.ts';
import { seedJobs } from '../lifecycle/seed.ts';
import type { BenchContext, BenchSection, Benchmark } from './bench-types.ts';
import { execSql } from './embedded-db.ts';
import { startEmbeddedPostgres } from '../target/embedded-postgres.ts';
import { fmt, goalMark, mdTable, median, repeat, runsList } from './stats.ts';

interface TickFigures {
  /** Median ms of the tick query alone, per run. */
  queryMs: number[];
  /** ms per tick of startSampler running back to back (query + CSV row building + write), per run. */
  samplerMs: number[];
}

const EVENTS_PER_JOB = 10_000;

async function seedTo(url: string, fromEvents: number, toEvents: number, log: (l: string) => void): Promise<void> {
  const jobs = Math.round((toEvents - fromEvents) / EVENTS_PER_JOB);
  const t0 = performance.now();
  await seedJobs({ pgUrl: url, jobs, events: EVENTS_PER_JOB });
  log(`seeded ${fmt(jobs * EVENTS_PER_JOB)} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // Settle the catalog as autovacuum eventually would, so a background vacuum does not land inside a timing.
  await execSql(url, 'VACUUM (ANALYZE) job_events', 'VACUUM (ANALYZE) jobs', 'CHECKPOINT');
}

async function measureTicks(url: string, ctx: BenchContext, label: string): Promise<TickFigures> {
  const queries = ctx.quick ? 5 : 30;
  const windowMs = ctx.quick ? 1000 : 3000;
  const queryMs: number[] = [];
  const samplerMs: number[] = [];
  await repeat(ctx.runs, async (run) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(TICK_SQL); // warm the connection's catalog cache, as every tick after the first is
      const times: number[] = [];
      for (let i = 0; i < queries; i++) {
        const t0 = performance.now();
        await client.query(TICK_SQL);
        times.push(performance.now() - t0);
      }
      queryMs.push(median(times));
    } finally {
      await client.end();
    }
    // The sampler itself, ticking as fast as it can (1 ms interval) for a fixed window.
    const outFile = join(ctx.workDir, `samples-${label}-${run}.csv`);
    const sampler = startSampler({ pgUrl: url, intervalMs: 1, outFile });
    await new Promise((r) => setTimeout(r, windowMs));
    const ticks = sampler.ticks();
    await sampler.stop();
    if (ticks === 0 || sampler.gaps() > 0) throw new Error(`sampler wrote ${ticks} ticks and ${sampler.gaps()} gaps in ${windowMs} ms`);
    if (!readFileSync(outFile, 'utf8').includes('job_events')) throw new Error('sampler output has no job_events row');
    samplerMs.push(windowMs / ticks);
    ctx.log(`${label}: tick query ${queryMs.at(-1)!.toFixed(2)} ms, sampler ${(windowMs / ticks).toFixed(2)} ms/tick`);
  });
  return { queryMs, samplerMs };
}

/** The sampler tick benchmark (issue 5). */
export const samplerBench: Benchmark = {
  name: 'sampler',
  title: 'Sampler tick at 1 M and 10 M job_events rows (issue 5)',
  async run(ctx: BenchContext): Promise<BenchSection> {
    const small = ctx.quick ? 10_000 : 1_000_000;
    const large = ctx.quick ? 100_000 : 10_000_000;
    const db = await startEmbeddedPostgres();
    let a: TickFigures;
    let b: TickFigures;
    try {
      await seedTo(db.url, 0, small, ctx.log);
      a = await measureTicks(db.url, ctx, `${fmt(small)} rows`);
      await seedTo(db.url, small, large, ctx.log);
      b = await measureTicks(db.url, ctx, `${fmt(large)} rows`);
    } finally {
      await db.stop();
    }
    const row = (label: string, f: TickFigures) => [label, `${fmt(median(f.queryMs), 2)} ms`, runsList(f.queryMs, 2), `${fmt(median(f.samplerMs), 2)} ms`, runsList(f.samplerMs, 2)];
    const qRatio = median(b.queryMs) / median(a.queryMs);
    const sRatio = median(b.samplerMs) / median(a.samplerMs);
    return {
      markdown: [
        `What: an embedded Postgres seeded with \`seedJobs\` (jobs of ${fmt(EVENTS_PER_JOB)} events) to ${fmt(small)} and then ${fmt(large)} \`job_events\` rows, ` +
          '`VACUUM (ANALYZE)` after each seeding so autovacuum does not run inside a timing. ' +
          `"tick query" is the median of ${ctx.quick ? 5 : 30} runs of the sampler's one catalog query (\`TICK_SQL\` from \`lifecycle/catalog-queries.ts\`) on a warm connection; ` +
          `"sampler" is \`startSampler\` from \`lifecycle/sampler.ts\` ticking back to back (1 ms interval) for ${ctx.quick ? 1 : 3} s: wall time per tick including building and writing the CSV rows.`,
        '',
        mdTable(['job_events rows', 'tick query (median)', 'runs', 'sampler per tick (median)', 'runs'], [row(fmt(small), a), row(fmt(large), b)]),
        '',
        mdTable(
          [`ratio ${fmt(large)} / ${fmt(small)} rows`, 'value', 'goal', 'goal met'],
          [
            ['tick query', fmt(qRatio, 2), '≤ 1.20', goalMark(qRatio <= 1.2, ctx.quick)],
            ['sampler per tick', fmt(sRatio, 2), '≤ 1.20', goalMark(sRatio <= 1.2, ctx.quick)],
          ],
        ),
      ].join('\n'),
    };
  },
};
