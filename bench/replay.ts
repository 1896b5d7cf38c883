// Mission item 2 (issue 4 workload, issue 2 target): a 10,000-event job replays in < 1 s. Times
// GET /api/jobs/:id/replay on seeded jobs of 1k/10k/50k events, with and without a snapshot row,
// from this process as one client, one request at a time, each body read to its last byte.
import http from 'node:http';
import { cpus } from 'node:os';
import { seedJobs, type SeededJob } from '../lifecycle/seed.ts';
import { startStack, type Stack } from '../target/stack.ts';
import type { BenchContext, BenchSection, Benchmark } from './bench-types.ts';
import { describeShares, startCpuWindow, withExtra, type CpuShares } from './cpu-sampler.ts';
import { fmt, goalMark, mdTable, median, runsList } from './stats.ts';

const FULL_SIZES = [1000, 10_000, 50_000];
const QUICK_SIZES = [1000, 10_000];
const GOAL_EVENTS = 10_000;
const GOAL_MS = 1000;
// A bound per request (sending to last byte), far above any replay seen here (50k events take seconds, not minutes), so a
// hung API fails the benchmark instead of stalling it.
const REQUEST_TIMEOUT_MS = 120_000;

/** One finished GET: status, body size and the wall time from sending to its last byte. */
interface Fetched {
  status: number;
  bytes: number;
  ms: number;
  /** The body, only when asked for (the warm-up, which checks it). */
  body?: Buffer;
}

/** GET on a keep-alive agent, the body consumed to its end; `keep` returns the body too. */
function getToEnd(agent: http.Agent, url: string, tenant: string, keep: boolean): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(url, { agent, headers: { 'X-Tenant-ID': tenant }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }, (res) => {
      let bytes = 0;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (keep) chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: performance.now() - t0, body: keep ? Buffer.concat(chunks) : undefined }));
      res.on('error', reject);
    });
    req.on('error', (err) => reject(new Error(`GET ${new URL(url).pathname}: ${err.message}`)));
  });
}

/** Nearest-rank percentile (p95 of 15 runs is the slowest of them); NaN when empty. */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length, Math.ceil((p / 100) * s.length)) - 1]!;
}

/** Which of `n` runs the nearest-rank p95 is, in words. */
function p95Rank(n: number): string {
  const k = Math.ceil(0.95 * n);
  return k >= n ? `of ${n} runs: the slowest` : `of ${n} runs: the ${k}th fastest`;
}

/** A seeded job and what its replay answered. */
interface Case {
  job: SeededJob;
  /** Body size of the warm-up replay, which every timed replay must match. */
  bytes: number;
  ms: number[];
}

/** The warm-up replay: also proves the answer is complete (every event in the timeline). */
async function warmUp(agent: http.Agent, url: string, job: SeededJob): Promise<number> {
  const r = await getToEnd(agent, url, job.tenant, true);
  if (r.status !== 200) throw new Error(`warm-up GET /api/jobs/:id/replay (${job.events} events) answered ${r.status}`);
  const timeline = (JSON.parse(r.body!.toString('utf8')) as { timeline?: unknown[] }).timeline;
  if (timeline?.length !== job.events) throw new Error(`replay of a ${job.events}-event job has ${timeline?.length ?? 'no'} timeline entries`);
  return r.bytes;
}

/** One timed replay; a short or failed answer fails the benchmark rather than a fast figure. */
async function timedReplay(agent: http.Agent, url: string, c: Case): Promise<number> {
  const r = await getToEnd(agent, url, c.job.tenant, false);
  if (r.status !== 200 || r.bytes !== c.bytes) throw new Error(`replay of a ${c.job.events}-event job answered ${r.status} with ${r.bytes} bytes (warm-up: ${c.bytes})`);
  return r.ms;
}

/** Both variants of one size, timed alternately, and the CPU the stack and this client used meanwhile. */
interface SizeResult {
  events: number;
  plain: Case;
  snap: Case;
  /** snapshot ÷ no-snapshot of the two requests of each round. */
  ratios: number[];
  cpu: CpuShares;
}

async function measureSize(stack: Stack, agent: http.Agent, plain: SeededJob, snap: SeededJob, n: number, ctx: BenchContext): Promise<SizeResult> {
  const url = (j: SeededJob) => `${stack.apiUrl}/api/jobs/${encodeURIComponent(j.id)}/replay`;
  const p: Case = { job: plain, bytes: await warmUp(agent, url(plain), plain), ms: [] };
  const s: Case = { job: snap, bytes: await warmUp(agent, url(snap), snap), ms: [] };
  const r = stack.record();
  const window = startCpuWindow({ api: [r.api.pid], postgres: r.pg.pid ? [r.pg.pid] : [] });
  const own0 = process.cpuUsage();
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) {
    // Alternate which variant goes first, so a drift within a round favours neither.
    const order = i % 2 === 0 ? [p, s] : [s, p];
    for (const c of order) c.ms.push(await timedReplay(agent, url(c.job), c));
    ratios.push(s.ms.at(-1)! / p.ms.at(-1)!);
  }
  const own = process.cpuUsage(own0);
  const cpu = withExtra(window.stop(), 'bench client', (own.user + own.system) / 1e6);
  ctx.log(`${fmt(plain.events)} events: median ${fmt(median(p.ms))} ms without, ${fmt(median(s.ms))} ms with a snapshot; ${describeShares(cpu, cpus().length)}`);
  return { events: plain.events, plain: p, snap: s, ratios, cpu };
}

const variant = (snapshot: boolean) => (snapshot ? 'with snapshot' : 'without snapshot');

function caseRows(results: readonly SizeResult[]): string[][] {
  return results.flatMap((r) =>
    [r.plain, r.snap].map((c) => [
      `${fmt(r.events)} events, ${variant(c.job.snapshot)}`,
      `${fmt(c.bytes / 1e6, 1)} MB`,
      `${fmt(median(c.ms))} ms`,
      `${fmt(percentile(c.ms, 95))} ms`,
      runsList(c.ms),
    ]),
  );
}

function goalRows(results: readonly SizeResult[], quick: boolean): string[][] {
  const at = results.find((r) => r.events === GOAL_EVENTS);
  const rows = [at?.plain, at?.snap].filter((c): c is Case => c !== undefined).map((c) => {
    const med = median(c.ms);
    return [`${fmt(GOAL_EVENTS)} events < 1 s (median), ${variant(c.job.snapshot)}`, `${fmt(med)} ms`, `${fmt(percentile(c.ms, 95))} ms`, `< ${fmt(GOAL_MS)} ms`, goalMark(med < GOAL_MS, quick)];
  });
  for (const r of results) {
    rows.push([`${fmt(r.events)} events: with ÷ without snapshot`, fmt(median(r.ratios), 2), fmt(percentile(r.ratios, 95), 2), '', '']);
  }
  return rows;
}

/** The replay benchmark (mission item 2; issue 4's replay workload on issue 2's target). */
export const replayBench: Benchmark = {
  name: 'replay',
  title: 'Replay of long jobs: GET /api/jobs/:id/replay on 1k, 10k and 50k events (issue 4, mission: 10k events < 1 s)',
  async run(ctx: BenchContext): Promise<BenchSection> {
    const sizes = ctx.quick ? QUICK_SIZES : FULL_SIZES;
    const n = ctx.quick ? 2 : ctx.runs * 5;
    // No workers: replay is an API read, and a worker's snapshot loop would add snapshot rows (and
    // CPU) of its own; the snapshot rows measured are exactly the seeded ones.
    const stack = await startStack({ workers: 0 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const results: SizeResult[] = [];
    try {
      for (const events of sizes) {
        const [plain] = (await seedJobs({ pgUrl: stack.pgUrl, jobs: 1, events, snapshot: false })).jobs;
        const [snap] = (await seedJobs({ pgUrl: stack.pgUrl, jobs: 1, events, snapshot: true })).jobs;
        results.push(await measureSize(stack, agent, plain!, snap!, n, ctx));
      }
    } finally {
      agent.destroy();
      await stack.stop();
    }
    const cpuRows = results.map((r) => [`${fmt(r.events)} events`, fmt(r.cpu.seconds, 1), describeShares(r.cpu, cpus().length)]);
    return {
      markdown: [
        'What: `startStack` from `target/stack.ts` with embedded Postgres, Aetheris-default config and no worker process (replay is an API read; with no worker, no snapshot loop adds rows or CPU); nothing pinned (the API, Postgres and this client share both cores). ' +
          `Jobs: \`seedJobs\` from \`lifecycle/seed.ts\`, one job per size (${sizes.map((s) => fmt(s)).join(', ')} events, 200-character payload text) without and one with a \`job_snapshots\` row (version = last event), as \`profiles/replay.json\` seeds them. ` +
          'Request: `GET /api/jobs/:id/replay` with `X-Tenant-ID` (the endpoint `load/scenarios/replay.ts` records as `replay_duration`), sent by this bench process with `node:http` over one keep-alive connection, one request at a time; the time runs from sending the request to the last byte of the body. ' +
          `Per size: one warm-up replay per job (its JSON parsed to check the timeline holds every event; every timed body must have the same length), then ${n} rounds of one replay of each job, back to back, alternating which goes first. ` +
          `p95 is nearest-rank (${p95Rank(n)}). The ratio rows divide the two replays of each round (with ÷ without snapshot): their median and p95 over the ${n} rounds.`,
        '',
        mdTable(['job', 'body', 'median', 'p95', 'runs (ms)'], caseRows(results)),
        '',
        mdTable(['figure', 'median', 'p95', 'goal', 'goal met'], goalRows(results, ctx.quick)),
        '',
        mdTable(['timed window', 'seconds', 'CPU by process, cores'], cpuRows),
        '',
        'The API rebuilds `/replay` from the full event stream (read in 2,000-version ranges and streamed), as Aetheris\'s API does (contract §4: only the worker uses snapshots), so a snapshot row is not expected to change a replay\'s time: the ratio rows check that, and how far apart two back-to-back replays of the same size land. "bench client" is this process receiving the bodies; the baseline gate judges p95 of `replay_duration{events:10000}` (`baselines/thresholds.json`), this table the mission\'s median.',
      ].join('\n'),
    };
  },
};
