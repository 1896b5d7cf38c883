import { parseFlags, parsePositiveInt } from '../harness/args.ts';
import { UsageError } from '../harness/errors.ts';
import { EXIT } from '../harness/exit-codes.ts';
import { describePg, replayJobsEnv, seedJobs } from '../lifecycle/seed.ts';
import type { Command } from './cli.ts';

const USAGE = `Usage: aetheris-bench seed --pg URL --jobs N --events M [--tenant T] [--snapshot] [--payload-bytes B]

Writes N completed jobs of M contiguous events each into an Aetheris database with COPY, in one
transaction: the event shape of a simple job (job_created, plan_generated, decision_snapshot, then
the seven step events once per plan node, job_completed), hash-chained like Aetheris (sha256 of
job_id|type|payload|created_at|prev_hash). Job ids start with seed-<random>-; nothing else is
touched. Refuses (exit 2) a database without the jobs, job_events and job_snapshots tables.
Prints AB_REPLAY_JOBS=… for the replay workload on stdout; progress goes to stderr.

Options:
  --pg URL             Postgres URL of the Aetheris database (required; also AB_PG_URL)
  --jobs N             number of jobs (required)
  --events M           events per job, ≥ 2 (required)
  --tenant T           jobs.tenant_id (default "default")
  --snapshot           also write one job_snapshots row per job (version = M)
  --payload-bytes B    characters of LLM text in each step's payloads (default 200)`;

const PROGRESS_EVERY_MS = 1000;

/** \`aetheris-bench seed\`: long jobs for replay benchmarks. */
export const command: Command = {
  summary: 'write N jobs × M hash-chained events into an Aetheris database (COPY)',
  usage: USAGE,
  async run(argv) {
    const { values } = parseFlags('seed', argv, {
      pg: { type: 'string' },
      jobs: { type: 'string' },
      events: { type: 'string' },
      tenant: { type: 'string' },
      snapshot: { type: 'boolean' },
      'payload-bytes': { type: 'string' },
    });
    const pgUrl = values.pg ?? process.env.AB_PG_URL;
    if (!pgUrl) throw new UsageError('seed: --pg URL is required');
    if (values.jobs === undefined) throw new UsageError('seed: --jobs N is required');
    if (values.events === undefined) throw new UsageError('seed: --events M is required');
    const started = Date.now();
    let lastPrint = 0;
    const result = await seedJobs({
      pgUrl,
      jobs: parsePositiveInt(values.jobs, 'seed: --jobs'),
      events: parsePositiveInt(values.events, 'seed: --events'),
      tenant: values.tenant,
      snapshot: values.snapshot ?? false,
      payloadBytes: values['payload-bytes'] === undefined ? undefined : parsePositiveInt(values['payload-bytes'], 'seed: --payload-bytes'),
      onProgress(done, total) {
        const now = Date.now();
        if (now - lastPrint < PROGRESS_EVERY_MS && done < total) return;
        lastPrint = now;
        process.stderr.write(`seed: ${done}/${total} events (${Math.floor((done / total) * 100)}%) ${((now - started) / 1000).toFixed(1)}s\n`);
      },
    });
    process.stderr.write(`seed: wrote ${result.jobs.length} job(s), ${result.eventsWritten} events to ${describePg(pgUrl)} in ${(result.elapsedMs / 1000).toFixed(2)}s (ids ${result.prefix}*)\n`);
    console.log(`AB_REPLAY_JOBS=${replayJobsEnv(result.jobs)}`);
    return EXIT.ok;
  },
};
