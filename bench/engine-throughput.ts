// Issue 3 "Speed": against nginx on core 0, generators on core 1 with 50 keep-alive connections —
// wrk, autocannon and the engine running a k6 script; engine ≥ 0.6× autocannon with 1 worker, and
// with 2 workers CPU time per request within 10 % of one worker's.
import type { BenchContext, BenchSection, Benchmark } from './bench-types.ts';
import { countOf, K6_SCRIPTS, runEngine, type EngineRun } from './engine-exec.ts';
import { runAutocannon, runWrk } from './generators.ts';
import { startNginx } from './null-servers.ts';
import { startCpuWindow } from './cpu-sampler.ts';
import { fmt, goalMark, mdTable, median, runsList } from './stats.ts';
import { ensureTool } from './tools.ts';

const CONNECTIONS = 50;

/** The engine throughput benchmark (issue 3). */
export const engineThroughputBench: Benchmark = {
  name: 'engine-throughput',
  title: 'Engine throughput against a null server (issue 3)',
  async run(ctx: BenchContext): Promise<BenchSection> {
    const nginx = ensureTool('nginx', 'nginx-light', ctx.log);
    if (!nginx.path) return { markdown: `Skipped: ${nginx.skipped}. The engine needs a null server faster than itself; a Node server saturates first (design.md).` };
    const wrk = ensureTool('wrk', 'wrk', ctx.log);
    const durationS = ctx.quick ? 1 : 10;
    const server = await startNginx(nginx.path, ctx.workDir);
    const wrkRps: number[] = [];
    const acRps: number[] = [];
    const engine: Record<1 | 2, { rps: number[]; cpuUsPerReq: number[] }> = { 1: { rps: [], cpuUsPerReq: [] }, 2: { rps: [], cpuUsPerReq: [] } };
    // Cores used by processes other than nginx and the generator during each run: the shared machine's noise.
    const noise: Record<string, number[]> = { wrk: [], autocannon: [], engine1: [], engine2: [] };
    const timed = async <T extends { cpuS: number }>(key: string, fn: () => Promise<T>): Promise<T> => {
      const w = startCpuWindow({ nginx: [server.pid] });
      const r = await fn();
      const c = w.stop();
      noise[key]!.push(Math.max(0, c.machineBusy - c.cores.nginx! - r.cpuS / c.seconds));
      return r;
    };
    try {
      // Start-up CPU of the engine (bundling, threads) with one request, subtracted from each timed run.
      const startupCpu: Record<1 | 2, number> = { 1: 0, 2: 0 };
      for (const w of [1, 2] as const) {
        const once = await runEngine(K6_SCRIPTS.nullGet, { workers: w, env: { URL: server.url, ITERATIONS: '1' }, workDir: ctx.workDir, timeoutMs: 120_000 });
        startupCpu[w] = once.cpuS;
        ctx.log(`engine --workers ${w} start-up: ${once.cpuS.toFixed(2)} s CPU`);
      }
      // Round robin, so every tool meets the same background noise.
      for (let i = 0; i < ctx.runs; i++) {
        if (wrk.path) {
          const wrkPath = wrk.path;
          wrkRps.push((await timed('wrk', () => runWrk(wrkPath, server.url, CONNECTIONS, durationS, ctx.workDir))).rps);
          ctx.log(`wrk run ${i + 1}: ${fmt(wrkRps.at(-1))} req/s`);
        }
        acRps.push((await timed('autocannon', () => runAutocannon(server.url, CONNECTIONS, durationS, ctx.workDir))).rps);
        ctx.log(`autocannon run ${i + 1}: ${fmt(acRps.at(-1))} req/s`);
        for (const w of [1, 2] as const) {
          const r: EngineRun = await timed(`engine${w}`, () =>
            runEngine(K6_SCRIPTS.nullGet, {
              workers: w,
              env: { URL: server.url, VUS: String(CONNECTIONS), DURATION: `${durationS}s` },
              workDir: ctx.workDir,
              timeoutMs: (durationS + 120) * 1000,
            }),
          );
          const reqs = countOf(r.summary, 'http_reqs');
          const failed = r.summary.metrics.http_req_failed?.passes ?? 0;
          if (reqs === 0 || failed > 0) throw new Error(`engine --workers ${w}: ${reqs} requests, ${failed} failed`);
          engine[w].rps.push(reqs / durationS);
          engine[w].cpuUsPerReq.push(((r.cpuS - startupCpu[w]) / reqs) * 1e6);
          ctx.log(`engine --workers ${w} run ${i + 1}: ${fmt(reqs / durationS)} req/s, ${fmt(engine[w].cpuUsPerReq.at(-1), 1)} µs CPU/req`);
        }
      }
    } finally {
      await server.stop();
    }
    // Per round: the engine and autocannon ran back to back, so their ratio is a paired comparison.
    const roundRatios = engine[1].rps.map((e, i) => e / acRps[i]!);
    const roundNoise = acRps.map((_, i) => Math.max(noise.autocannon![i]!, noise.engine1![i]!));
    const quietest = roundNoise.indexOf(Math.min(...roundNoise));
    const ac = median(acRps);
    const e1 = median(engine[1].rps);
    const ratio = e1 / ac;
    const cpuRatio = median(engine[2].cpuUsPerReq) / median(engine[1].cpuUsPerReq);
    return {
      markdown: [
        `What: nginx-light (\`worker_processes 1\`, \`return 200 ""\`, access log off) pinned to core 0; each generator pinned to core 1 with ${CONNECTIONS} keep-alive connections for ${durationS} s, run one after another in round robin (${ctx.runs} rounds). ` +
          `The engine runs \`bench/k6/null-get.js\` (constant-vus ${CONNECTIONS}: \`http.asyncRequest\` + \`check\`, every built-in metric recorded) through \`aetheris-bench exec SCRIPT --workers N\`; its rate is \`http_reqs\` count / scenario duration from its summary export. ` +
          'wrk and autocannon rates are their own totals / duration. "Other processes" is the machine\'s busy CPU during the run minus nginx and the generator (from /proc/stat; softirq, where the kernel does loopback TCP work, is left out): anything well above 0 means other work on this shared machine took CPU from the two pinned processes, and that run understates. CPU per request is user + sys of the whole engine process (GNU time) minus a one-request run of the same script (start-up: bundling, threads), divided by requests.',
        wrk.path ? '' : `\nwrk skipped: ${wrk.skipped}.\n`,
        mdTable(
          ['generator', 'req/s (median)', 'runs', 'CPU µs/request (median)', 'runs', 'other processes, cores (runs)'],
          [
            ['wrk -t1', wrk.path ? fmt(median(wrkRps)) : 'skipped', wrk.path ? runsList(wrkRps) : '', '', '', runsList(noise.wrk!, 2)],
            ['autocannon (1 process)', fmt(ac), runsList(acRps), '', '', runsList(noise.autocannon!, 2)],
            ['engine `--workers 1`', fmt(e1), runsList(engine[1].rps), fmt(median(engine[1].cpuUsPerReq), 1), runsList(engine[1].cpuUsPerReq, 1), runsList(noise.engine1!, 2)],
            ['engine `--workers 2` (both threads on core 1)', fmt(median(engine[2].rps)), runsList(engine[2].rps), fmt(median(engine[2].cpuUsPerReq), 1), runsList(engine[2].cpuUsPerReq, 1), runsList(noise.engine2!, 2)],
          ],
        ),
        '',
        mdTable(
          ['figure', 'value', 'goal', 'goal met'],
          [
            ['engine (1 worker) / autocannon, ratio of the medians', fmt(ratio, 2), '≥ 0.60', goalMark(ratio >= 0.6, ctx.quick)],
            [`same, per round ${runsList(roundRatios, 2)}: median`, fmt(median(roundRatios), 2), '≥ 0.60', goalMark(median(roundRatios) >= 0.6, ctx.quick)],
            [
              `same, quietest round (round ${quietest + 1}: other processes ≤ ${fmt(roundNoise[quietest], 2)} cores)`,
              fmt(roundRatios[quietest], 2),
              '≥ 0.60',
              goalMark(roundRatios[quietest]! >= 0.6, ctx.quick),
            ],
            ['CPU per request, 2 workers / 1 worker', fmt(cpuRatio, 2), '≤ 1.10', goalMark(cpuRatio <= 1.1, ctx.quick)],
          ],
        ),
        '',
        'Reference points from design.md (same layout, an earlier quiet machine): wrk ≈ 230k, autocannon ≈ 112k, a bare undici loop with HDR ≈ 72k req/s.',
      ].join('\n'),
    };
  },
};
