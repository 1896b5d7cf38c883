// Issue 3 "Speed": against nginx on core 0, generators on core 1 with 50 keep-alive connections —
// wrk, autocannon and the engine running a k6 script; engine ≥ 0.6× autocannon with 1 worker.
// (The 2-worker CPU-per-request goal has its own paired benchmark: engine-worker-cpu.ts.)
import type { BenchContext, BenchSection, Benchmark } from './bench-types.ts';
import { runNullGet } from './engine-exec.ts';
import { runAutocannon, runWrk } from './generators.ts';
import { NULL_SERVER_CONNECTIONS, withNginx, type NginxServer } from './null-servers.ts';
import { otherCores, startCpuWindow, withExtra } from './cpu-sampler.ts';
import { fmt, goalMark, mdTable, median, runsList } from './stats.ts';
import { ensureTool } from './tools.ts';


/** The engine throughput benchmark (issue 3). */
export const engineThroughputBench: Benchmark = {
  name: 'engine-throughput',
  title: 'Engine throughput against a null server (issue 3)',
  run: (ctx: BenchContext) => withNginx(ctx, (server) => measure(ctx, server)),
};

/** The round robin against `server`, and its section. */
async function measure(ctx: BenchContext, server: NginxServer): Promise<BenchSection> {
  const wrk = ensureTool('wrk', 'wrk', ctx.log);
  const durationS = ctx.quick ? 1 : 10;
  const wrkRps: number[] = [];
  const acRps: number[] = [];
  const engineRps: number[] = [];
  // Cores used by processes other than nginx and the generator during each run: the shared machine's noise.
  const noise: Record<string, number[]> = { wrk: [], autocannon: [], engine: [] };
  const timed = async <T extends { cpuS: number }>(key: string, fn: () => Promise<T>): Promise<T> => {
    const w = startCpuWindow({ nginx: [server.pid] });
    const r = await fn();
    const c = w.stop();
    noise[key]!.push(otherCores(withExtra(c, 'generator', r.cpuS)));
    return r;
  };
  // Round robin, so every tool meets the same background noise.
  for (let i = 0; i < ctx.runs; i++) {
    if (wrk.path) {
      const wrkPath = wrk.path;
      wrkRps.push((await timed('wrk', () => runWrk(wrkPath, server.url, NULL_SERVER_CONNECTIONS, durationS, ctx.workDir))).rps);
      ctx.log(`wrk run ${i + 1}: ${fmt(wrkRps.at(-1))} req/s`);
    }
    acRps.push((await timed('autocannon', () => runAutocannon(server.url, NULL_SERVER_CONNECTIONS, durationS, ctx.workDir))).rps);
    ctx.log(`autocannon run ${i + 1}: ${fmt(acRps.at(-1))} req/s`);
    const { reqs } = await timed('engine', () => runNullGet({ url: server.url, workers: 1, vus: NULL_SERVER_CONNECTIONS, durationS, workDir: ctx.workDir }));
    engineRps.push(reqs / durationS);
    ctx.log(`engine --workers 1 run ${i + 1}: ${fmt(engineRps.at(-1))} req/s`);
  }
  // Per round: the engine and autocannon ran back to back, so their ratio is a paired comparison.
  const roundRatios = engineRps.map((e, i) => e / acRps[i]!);
  const roundNoise = acRps.map((_, i) => Math.max(noise.autocannon![i]!, noise.engine![i]!));
  const quietest = roundNoise.indexOf(Math.min(...roundNoise));
  const ac = median(acRps);
  const e1 = median(engineRps);
  const ratio = e1 / ac;
  return {
    markdown: [
      `What: nginx-light (\`worker_processes 1\`, \`return 200 ""\`, access log off) pinned to core 0; each generator pinned to core 1 with ${NULL_SERVER_CONNECTIONS} keep-alive connections for ${durationS} s, run one after another in round robin (${ctx.runs} rounds). ` +
        `The engine runs \`bench/k6/null-get.js\` (constant-vus ${NULL_SERVER_CONNECTIONS}: \`http.asyncRequest\` + \`check\`, every built-in metric recorded) through \`aetheris-bench exec SCRIPT --workers 1\`; its rate is \`http_reqs\` count / scenario duration from its summary export (\`--workers 2\`: CPU per request in the next section). ` +
        'wrk and autocannon rates are their own totals / duration. "Other processes" is the machine\'s busy CPU during the run minus nginx and the generator (from /proc/stat; softirq, where the kernel does loopback TCP work, is left out): anything well above 0 means other work on this shared machine took CPU from the two pinned processes, and that run understates.',
      wrk.path ? '' : `\nwrk skipped: ${wrk.skipped}.\n`,
      mdTable(
        ['generator', 'req/s (median)', 'runs', 'other processes, cores (runs)'],
        [
          ['wrk -t1', wrk.path ? fmt(median(wrkRps)) : 'skipped', wrk.path ? runsList(wrkRps) : '', runsList(noise.wrk!, 2)],
          ['autocannon (1 process)', fmt(ac), runsList(acRps), runsList(noise.autocannon!, 2)],
          ['engine `--workers 1`', fmt(e1), runsList(engineRps), runsList(noise.engine!, 2)],
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
        ],
      ),
      '',
      'Reference points from design.md (same layout, an earlier quiet machine): wrk ≈ 230k, autocannon ≈ 112k, a bare undici loop with HDR ≈ 72k req/s.',
    ].join('\n'),
  };
}
