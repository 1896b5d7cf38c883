// Issue 4 "Speed": seedJobs (COPY) writes a 10,000-event job in < 0.5 s and 1 M events in < 20 s.
import { seedJobs } from '../lifecycle/seed.ts';
import type { BenchContext, BenchSection, Benchmark } from './bench-types.ts';
import { clearSeeded } from './embedded-db.ts';
import { startEmbeddedPostgres } from '../target/embedded-postgres.ts';
import { fmt, goalMark, mdTable, median, repeat, runsList } from './stats.ts';

interface Case {
  label: string;
  jobs: number;
  events: number;
  goalS: number;
}

/** The seeding benchmark (issue 4). */
export const seedingBench: Benchmark = {
  name: 'seeding',
  title: 'Seeding long jobs with COPY (issue 4)',
  async run(ctx: BenchContext): Promise<BenchSection> {
    const cases: Case[] = ctx.quick
      ? [
          { label: '1 job × 1,000 events', jobs: 1, events: 1000, goalS: 0.5 },
          { label: '2 jobs × 10,000 events', jobs: 2, events: 10_000, goalS: 20 },
        ]
      : [
          { label: '1 job × 10,000 events', jobs: 1, events: 10_000, goalS: 0.5 },
          { label: '100 jobs × 10,000 events (1 M)', jobs: 100, events: 10_000, goalS: 20 },
        ];
    const db = await startEmbeddedPostgres();
    const rows: string[][] = [];
    try {
      for (const c of cases) {
        const secs = await repeat(ctx.runs, async (i) => {
          await clearSeeded(db.url);
          const t0 = performance.now();
          const r = await seedJobs({ pgUrl: db.url, jobs: c.jobs, events: c.events });
          const s = (performance.now() - t0) / 1000;
          if (r.eventsWritten !== c.jobs * c.events) throw new Error(`seedJobs wrote ${r.eventsWritten} events, expected ${c.jobs * c.events}`);
          ctx.log(`seeding ${c.label} run ${i + 1}: ${s.toFixed(2)} s`);
          return s;
        });
        const med = median(secs);
        const events = c.jobs * c.events;
        rows.push([c.label, `${fmt(med, 3)} s`, runsList(secs, 3), fmt(events / med), `< ${c.goalS} s`, goalMark(med < c.goalS, ctx.quick)]);
      }
    } finally {
      await db.stop();
    }
    return {
      markdown: [
        'What: `seedJobs` from `lifecycle/seed.ts` (one transaction of COPY into `jobs` and `job_events`, hash chain and payloads built in Node) into a fresh embedded Postgres; tables truncated before each run. Time includes connecting and committing.',
        '',
        mdTable(['case', 'median', 'runs', 'events/s (median)', 'goal', 'goal met'], rows),
      ].join('\n'),
    };
  },
};
