// Issue 3 "Speed": against a server that answers after exactly 10 ms the engine measures a p50
// within +0.5 ms of 10 ms, and constant-arrival-rate holds the requested rate within 1 % with 0
// dropped iterations while VUs suffice.
import type { BenchContext, BenchSection, Benchmark } from './bench-types.ts';
import { countOf, K6_SCRIPTS, runEngine, runNullGet } from './engine-exec.ts';
import { runAutocannon } from './generators.ts';
import { startDelayServer, type LocalServer } from './null-servers.ts';
import { otherCores, startCpuWindow, withExtra } from './cpu-sampler.ts';
import { fmt, goalMark, mdTable, median, repeat, runsList } from './stats.ts';

const DELAY_MS = 10;

async function serverMedianMs(server: LocalServer): Promise<number> {
  const res = await fetch(`${server.url}__delay_stats`, { signal: AbortSignal.timeout(5000) });
  const body = (await res.json()) as { medianMs: number | null };
  return body.medianMs ?? Number.NaN;
}

/** The engine timing-accuracy benchmark (issue 3). */
export const engineTimingBench: Benchmark = {
  name: 'engine-timing',
  title: 'Engine timing accuracy: 10 ms server, constant arrival rate (issue 3)',
  async run(ctx: BenchContext): Promise<BenchSection> {
    const durationS = ctx.quick ? 2 : 10;
    const vus = 20;
    const rate = ctx.quick ? 100 : 1000;
    const server = await startDelayServer(DELAY_MS);
    const p50: number[] = [];
    const serverP50: number[] = [];
    const acP50: number[] = [];
    const achieved: number[] = [];
    const dropped: number[] = [];
    // Cores used by other processes (not the server, not the engine) during each run: the shared machine's noise.
    const noiseP50: number[] = [];
    const noiseRate: number[] = [];
    const saturated: string[] = [];
    const noiseOf = (w: ReturnType<typeof startCpuWindow>, engineCpuS: number) => otherCores(withExtra(w.stop(), 'engine', engineCpuS));
    try {
      await serverMedianMs(server); // reset the server's own record
      await repeat(ctx.runs, async (i) => {
        const w1 = startCpuWindow({ server: [server.pid] });
        const r = await runNullGet({ url: server.url, workers: 1, vus, durationS, workDir: ctx.workDir });
        noiseP50.push(noiseOf(w1, r.cpuS));
        const med = r.summary.metrics.http_req_duration?.med;
        if (med === undefined) throw new Error('summary export has no http_req_duration med');
        p50.push(med);
        serverP50.push(await serverMedianMs(server));
        ctx.log(`10 ms server run ${i + 1}: engine p50 ${med.toFixed(3)} ms, server applied ${serverP50.at(-1)!.toFixed(3)} ms`);
        // The same load from autocannon: what the machine itself adds (scheduling, loopback) to 10 ms.
        acP50.push((await runAutocannon(server.url, vus, durationS, ctx.workDir)).p50Ms);
        await serverMedianMs(server);
        const w2 = startCpuWindow({ server: [server.pid] });
        const a = await runEngine(K6_SCRIPTS.arrivalRate, {
          workers: 1,
          env: { URL: server.url, RATE: String(rate), VUS: '100', DURATION: `${durationS}s` },
          workDir: ctx.workDir,
          timeoutMs: (durationS + 120) * 1000,
        });
        noiseRate.push(noiseOf(w2, a.cpuS));
        if (a.saturated) saturated.push(`run ${i + 1}: \`${a.saturated.trim()}\``);
        achieved.push(countOf(a.summary, 'iterations') / durationS);
        dropped.push(countOf(a.summary, 'dropped_iterations'));
        await serverMedianMs(server);
        ctx.log(`arrival rate run ${i + 1}: ${achieved.at(-1)!.toFixed(1)}/s of ${rate}/s, ${dropped.at(-1)} dropped`);
      });
    } finally {
      await server.stop();
    }
    const over = median(p50) - DELAY_MS;
    const err = (median(achieved) / rate - 1) * 100;
    return {
      markdown: [
        `What: \`bench/delay-server.mjs\` (node:http; a timer wakes each request 2 ms early and a \`setImmediate\` loop answers at exactly ${DELAY_MS} ms by \`hrtime\`, and the server records the delay it really applied) pinned to core 0; the engine pinned to core 1, \`--workers 1\`. ` +
          `p50: \`bench/k6/null-get.js\`, constant-vus ${vus} for ${durationS} s, \`http_req_duration\` med from the summary export; autocannon with ${vus} connections on the same server, pinned the same way, as a reference for what the machine adds. ` +
          `Arrival rate: \`bench/k6/arrival-rate.js\`, constant-arrival-rate ${fmt(rate)}/s for ${durationS} s with 100 pre-allocated VUs (about ${Math.ceil((rate * DELAY_MS) / 1000)} are busy at a time); achieved = \`iterations\` count / duration. "Other processes" is the machine's busy CPU minus the server and the engine (/proc/stat; softirq, where the kernel does loopback TCP work, is left out): well above 0 means other work on this shared machine competed with the measured pair.`,
        '',
        mdTable(
          ['figure', 'median', 'runs'],
          [
            ['engine p50 of http_req_duration', `${fmt(median(p50), 3)} ms`, runsList(p50, 3)],
            ['server-applied delay, median (same requests)', `${fmt(median(serverP50), 3)} ms`, runsList(serverP50, 3)],
            [`autocannon p50, ${vus} connections, same server (whole ms only)`, `${fmt(median(acP50), 0)} ms`, runsList(acP50, 0)],
            [`achieved arrival rate (requested ${fmt(rate)}/s)`, `${fmt(median(achieved), 1)}/s`, runsList(achieved, 1)],
            ['dropped_iterations', fmt(median(dropped)), runsList(dropped)],
            ['other processes during the p50 runs, cores', fmt(median(noiseP50), 2), runsList(noiseP50, 2)],
            ['other processes during the arrival-rate runs, cores', fmt(median(noiseRate), 2), runsList(noiseRate, 2)],
          ],
        ),
        '',
        mdTable(
          ['figure', 'value', 'goal', 'goal met'],
          [
            [`engine p50 − ${DELAY_MS} ms`, `${over >= 0 ? '+' : ''}${fmt(over, 3)} ms`, '≤ +0.5 ms', goalMark(over <= 0.5, ctx.quick)],
            ['arrival rate error', `${fmt(err, 2)} %`, 'within ±1 %', goalMark(Math.abs(err) <= 1, ctx.quick)],
            ['dropped iterations (VUs suffice)', fmt(Math.max(...dropped)), '0 in every run', goalMark(Math.max(...dropped) === 0, ctx.quick)],
          ],
        ),
        '',
        saturated.length > 0 ? `The engine judged itself saturated in the arrival-rate runs: ${saturated.join('; ')}.` : 'The engine reported no `generator_saturated` warning in the arrival-rate runs.',
      ].join('\n'),
    };
  },
};
