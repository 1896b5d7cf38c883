// Issue 2 "Speed": the embedded reference stack (2 workers, 0 ms LLM) serves ≥ 1,000 GET
// /api/jobs/:id per second and completes ≥ 100 jobs per second; say what limits it.
import { cpus } from 'node:os';
import { startStack, type Stack } from '../target/stack.ts';
import type { BenchContext, BenchSection, Benchmark } from './bench-types.ts';
import { describeShares, startCpuWindow, withExtra, type CpuShares } from './cpu-sampler.ts';
import { runAutocannon } from './generators.ts';
import { fmt, goalMark, mdTable, median, medianIndex, runsList } from './stats.ts';
import { createAgent, submitJobs, waitCompleted } from './target-load.ts';

const CONNECTIONS = 50;
const SUBMIT_CONCURRENCY = 20;

function trees(stack: Stack): Record<string, number[]> {
  const r = stack.record();
  return { api: [r.api.pid], workers: r.workers.map((w) => w.pid), postgres: r.pg.pid ? [r.pg.pid] : [] };
}

const STACK_TREES = ['api', 'workers', 'postgres'];

/** The stack process using the most CPU in a window. */
function limiter(s: CpuShares): string {
  const [name, cores] = Object.entries(s.cores).filter(([n]) => STACK_TREES.includes(n)).sort((a, b) => b[1] - a[1])[0]!;
  return `${name} (${cores.toFixed(2)} cores)`;
}

/** The reference-target benchmark (issue 2). */
export const referenceTargetBench: Benchmark = {
  name: 'reference-target',
  title: 'Reference target: GET /api/jobs/:id and completed jobs per second (issue 2)',
  async run(ctx: BenchContext): Promise<BenchSection> {
    const durationS = ctx.quick ? 1 : 10;
    const burst = ctx.quick ? 20 : 1000;
    const stack = await startStack({ workers: 2, config: { llm: { latencyMs: 0, jitterMs: 0 }, worker: { pollIntervalMs: 50 } } });
    const getRps: number[] = [];
    const getCpu: CpuShares[] = [];
    const jobsPerS: number[] = [];
    const submitPerS: number[] = [];
    const jobCpu: CpuShares[] = [];
    try {
      const agent = await createAgent(stack.apiUrl);
      const [jobId] = await submitJobs(stack.apiUrl, agent, 1, 1, 'bench-warm');
      await waitCompleted(stack.pgUrl, [jobId!], 60_000);
      for (let i = 0; i < ctx.runs; i++) {
        const w = startCpuWindow(trees(stack));
        const ac = await runAutocannon(`${stack.apiUrl}/api/jobs/${jobId}`, CONNECTIONS, durationS, ctx.workDir);
        getCpu.push(withExtra(w.stop(), 'autocannon', ac.cpuS));
        getRps.push(ac.rps);
        ctx.log(`GET run ${i + 1}: ${fmt(ac.rps)} req/s; ${describeShares(getCpu.at(-1)!, cpus().length)}`);

        const jw = startCpuWindow(trees(stack));
        const t0 = performance.now();
        const own0 = process.cpuUsage();
        const ids = await submitJobs(stack.apiUrl, agent, burst, SUBMIT_CONCURRENCY, `bench-${i}`);
        const submitted = performance.now();
        const done = await waitCompleted(stack.pgUrl, ids, 300_000);
        const own = process.cpuUsage(own0);
        jobCpu.push(withExtra(jw.stop(), 'bench (submitter)', (own.user + own.system) / 1e6));
        jobsPerS.push(burst / ((done - t0) / 1000));
        submitPerS.push(burst / ((submitted - t0) / 1000));
        ctx.log(`jobs run ${i + 1}: ${burst} jobs completed in ${((done - t0) / 1000).toFixed(2)} s; ${describeShares(jobCpu.at(-1)!, cpus().length)}`);
      }
    } finally {
      await stack.stop();
    }
    // The CPU picture of the run whose rate is the median, as the table heading says.
    const getMid = getCpu[medianIndex(getRps)]!;
    const jobMid = jobCpu[medianIndex(jobsPerS)]!;
    return {
      markdown: [
        'What: `startStack` from `target/stack.ts` with 2 worker processes, embedded Postgres, config `{llm:{latencyMs:0,jitterMs:0}, worker:{pollIntervalMs:50}}`; nothing pinned (the API, 2 workers, Postgres and the generator share both cores). ' +
          `GET: autocannon, ${CONNECTIONS} connections, ${durationS} s on \`/api/jobs/:id\` of a completed job. ` +
          `Jobs: a burst of ${fmt(burst)} \`POST /api/agents/:id/message\` (${SUBMIT_CONCURRENCY} at a time), timed from the first submit until Postgres shows all ${fmt(burst)} \`completed\`. ` +
          'CPU per process tree (API, both workers, the postmaster and its backends) from /proc over the same windows, in cores (1.00 = one core busy).',
        '',
        mdTable(
          ['figure', 'median', 'runs', 'goal', 'goal met'],
          [
            ['GET /api/jobs/:id per second', fmt(median(getRps)), runsList(getRps), '≥ 1,000', goalMark(median(getRps) >= 1000, ctx.quick)],
            ['jobs completed per second (burst)', fmt(median(jobsPerS), 1), runsList(jobsPerS, 1), '≥ 100', goalMark(median(jobsPerS) >= 100, ctx.quick)],
            ['jobs submitted per second (same burst)', fmt(median(submitPerS), 1), runsList(submitPerS, 1), '', ''],
          ],
        ),
        '',
        mdTable(
          ['window (median run)', 'CPU by process, cores', 'busiest'],
          [
            ['GET /api/jobs/:id', describeShares(getMid, cpus().length), limiter(getMid)],
            ['job burst', describeShares(jobMid, cpus().length), limiter(jobMid)],
          ],
        ),
        '',
        '"busiest" names the stack process that used the most CPU. When the machine shows both cores busy, the machine is the limit and the cores are shared out as listed: the load generator (autocannon, or this bench process submitting and polling) and other processes on the machine compete with the stack. When it does not, the limit is latency (Postgres round trips, worker poll interval), not CPU.',
      ].join('\n'),
    };
  },
};
