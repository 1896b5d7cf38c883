// Issue 6 "Speed": NDJSON ingest ≥ 1 M lines/s on one core with flat memory, beside jq on the same file.
// The rate judged is the sustained one: the extra time a 3× longer file takes for its extra lines, so
// fixed costs (process and module start-up, JIT warm-up, ~0.3 s together) do not count as per-line work.
// Flat memory is judged on files of one run duration with 1×, 2× and 4× the lines: what result.json
// holds grows with seconds × series, which those files share, so peak RSS must not follow the lines.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, BenchSection, Benchmark } from './bench-types.ts';
import { CLI, GENERATOR_CORE, runChild, sampleProgramRss, type ChildRun } from './child.ts';
import { REAL_K6_NDJSON, writeRepeatedNdjson } from './ndjson-file.ts';
import { ensureTool } from './tools.ts';
import { fmt, goalMark, mdTable, median, medianIndex, repeat, runsList } from './stats.ts';

interface Measured {
  run: ChildRun;
  /** RSS of the largest process of the tree, sampled every 100 ms (KiB). */
  rss: number[];
}

/** Runs a command pinned to the generator core, sampling the RSS of its tree while it runs. */
async function measured(cmd: string, args: string[], ctx: BenchContext, timeoutMs: number): Promise<Measured> {
  const sampler = sampleProgramRss(100);
  let run: ChildRun;
  let rss: number[];
  try {
    run = await runChild(cmd, args, { core: GENERATOR_CORE, timeoutMs, workDir: ctx.workDir, onSpawn: sampler.onSpawn });
  } finally {
    rss = sampler.stop().map((x) => x.kib);
  }
  if (run.timedOut) throw new Error(`${cmd} ${args.slice(0, 2).join(' ')} did not finish within ${timeoutMs / 1000} s`);
  if (run.code !== 0) throw new Error(`${cmd} ${args.slice(0, 2).join(' ')} exited ${run.code}: ${run.stderr.trim().split('\n').pop()}`);
  return { run, rss };
}

/** RSS (MiB) at quarter points of the run, to show whether memory stays flat. */
function rssProfile(rss: number[]): string {
  if (rss.length < 4) return 'too short to sample';
  const at = (f: number) => fmt(rss[Math.min(rss.length - 1, Math.floor(f * (rss.length - 1)))]! / 1024, 0);
  return `${at(0.25)} / ${at(0.5)} / ${at(0.75)} / ${at(1)}`;
}

/** Largest over smallest, as a percentage above 100 (how far peak RSS moved across the density files). */
function spreadPct(values: readonly number[]): number {
  return (Math.max(...values) / Math.min(...values) - 1) * 100;
}

/** Peak RSS spread allowed across the density files (issue 6 "memory flat"; ±10 % is the run-to-run noise of RSS). */
const FLAT_RSS_PCT = 10;
/** The longer file has this many times the lines, for the sustained rate. */
const LONG_FACTOR = 3;
/** Line multiples of the density files (same run duration). */
const DENSITIES = [1, 2, 4] as const;

/** The ingest benchmark (issue 6). */
export const ingestBench: Benchmark = {
  name: 'ingest',
  title: 'NDJSON ingest vs jq (issue 6)',
  async run(ctx: BenchContext): Promise<BenchSection> {
    const target = ctx.quick ? 20_000 : 1_000_000;
    const file = join(ctx.workDir, 'k6-out.ndjson');
    const lines = await writeRepeatedNdjson(REAL_K6_NDJSON, file, target);
    const mib = statSync(file).size / 2 ** 20;
    const longFile = join(ctx.workDir, 'k6-out-long.ndjson');
    const longLines = await writeRepeatedNdjson(REAL_K6_NDJSON, longFile, LONG_FACTOR * target);
    ctx.log(`wrote ${fmt(lines)} and ${fmt(longLines)} lines (${fmt(mib, 0)} and ${fmt(statSync(longFile).size / 2 ** 20, 0)} MiB)`);
    const timeout = ctx.quick ? 60_000 : 180_000;

    // Start-up of the CLI (tsx, module loading) on the 300-line fixture, subtracted for the reader's own rate.
    const tiny = REAL_K6_NDJSON.replace(/\.ndjson$/, '.head300.ndjson');
    const startup = await repeat(ctx.runs, async (i) => (await measured('node', [CLI, 'ingest', tiny, '--out', join(ctx.workDir, `tiny-${i}`)], ctx, 60_000)).run.wallS);
    // The two lengths back to back in each round, so each sustained rate compares runs that met the same machine.
    const longWall: number[] = [];
    const ours = await repeat(ctx.runs, async (i) => {
      const m = await measured('node', [CLI, 'ingest', file, '--out', join(ctx.workDir, `out-${i}`)], ctx, timeout);
      const long = await measured('node', [CLI, 'ingest', longFile, '--out', join(ctx.workDir, `out-long-${i}`)], ctx, LONG_FACTOR * timeout);
      longWall.push(long.run.wallS);
      ctx.log(`ingest run ${i + 1}: ${m.run.wallS.toFixed(2)} s, peak RSS ${fmt(m.run.maxRssKiB / 1024)} MiB; ${LONG_FACTOR}× the lines: ${long.run.wallS.toFixed(2)} s`);
      return m;
    });
    const jq = ensureTool('jq', 'jq', ctx.log);
    const theirs = jq.path
      ? await repeat(ctx.runs, async (i) => {
          const m = await measured('sh', ['-c', `"${jq.path}" -c . "$1" >/dev/null`, 'sh', file], ctx, timeout * 2);
          ctx.log(`jq run ${i + 1}: ${m.run.wallS.toFixed(2)} s`);
          return m;
        })
      : [];

    // Same duration, more lines: copies overlaid on the same seconds (tags unchanged).
    const denseBase = ctx.quick ? 5_000 : 250_000;
    const dense = [];
    for (const d of DENSITIES) {
      const denseFile = join(ctx.workDir, `k6-out-x${d}.ndjson`);
      const denseLines = await writeRepeatedNdjson(REAL_K6_NDJSON, denseFile, denseBase * d, d);
      const runs = await repeat(ctx.runs, async (i) => (await measured('node', [CLI, 'ingest', denseFile, '--out', join(ctx.workDir, `dense-${d}-${i}`)], ctx, timeout)).run);
      const peakMiB = median(runs.map((r) => r.maxRssKiB / 1024));
      ctx.log(`density ×${d}: ${fmt(denseLines)} lines, peak RSS ${fmt(peakMiB)} MiB`);
      const durationMs = (JSON.parse(readFileSync(join(ctx.workDir, `dense-${d}-0`, 'result.json'), 'utf8')) as { durationMs: number | null }).durationMs;
      dense.push({ d, lines: denseLines, mib: statSync(denseFile).size / 2 ** 20, durationS: (durationMs ?? 0) / 1000, peakMiB, peaks: runs.map((r) => r.maxRssKiB / 1024), rate: median(runs.map((r) => denseLines / r.wallS)) });
    }
    const densePeaks = dense.map((x) => x.peakMiB);

    const startS = median(startup);
    const wall = ours.map((m) => m.run.wallS);
    const rate = wall.map((s) => lines / s);
    const rateNet = wall.map((s) => lines / Math.max(1e-3, s - startS));
    const jqRate = theirs.map((m) => lines / m.run.wallS);
    const peak = ours.map((m) => m.run.maxRssKiB / 1024);
    const sustainedRuns = wall.map((s, i) => (longLines - lines) / Math.max(1e-3, longWall[i]! - s));
    const sustained = median(sustainedRuns);
    const longRate = longWall.map((s) => longLines / s);
    const rows = [
      ['`aetheris-bench ingest FILE --out DIR`, end to end', fmt(median(rate)), runsList(rate), `${fmt(median(peak))} MiB`, rssProfile(ours[medianIndex(rate)]!.rss)],
      [`same, minus CLI start-up (${fmt(startS, 2)} s on a 300-line file)`, fmt(median(rateNet)), runsList(rateNet), '', ''],
      [`same command on ${LONG_FACTOR}× the lines (${fmt(longLines)}), end to end`, fmt(median(longRate)), runsList(longRate), '', ''],
      [`**sustained**: extra lines / extra time, ${LONG_FACTOR}× file vs 1× file (same round)`, fmt(sustained), runsList(sustainedRuns), '', ''],
      jq.path
        ? ['`jq -c . FILE >/dev/null`', fmt(median(jqRate)), runsList(jqRate), `${fmt(median(theirs.map((m) => m.run.maxRssKiB / 1024)))} MiB`, '']
        : ['`jq -c .`', `skipped: ${jq.skipped}`, '', '', ''],
    ];
    return {
      markdown: [
        `What: a ${fmt(lines)}-line (${fmt(mib, 0)} MiB) k6 \`--out json\` file made by repeating \`${REAL_K6_NDJSON.split('/').pop()}\` (real k6 v0.46) with each copy shifted later in time; ` +
          `each reader runs as its own process pinned to core ${GENERATOR_CORE} (\`taskset\`), wall time measured. ` +
          'Ingest reads the file, merges every point into HDR histograms and writes `result.json` (whole-run values per tag set plus per-second series, so its size grows with run seconds × series). ' +
          `The goal is judged on the **sustained** rate: per round, the ${LONG_FACTOR}× file's extra lines divided by the extra time it took over the 1× file, run back to back. ` +
          'It leaves out what a run pays once whatever its length (process and module start-up, JIT warm-up of the reader, creating the output directory); "minus CLI start-up" subtracts only a 300-line run, so the reader\'s warm-up still counts there. ' +
          'Peak RSS from GNU time; the RSS profile is sampled every 100 ms (median run). ' +
          `Memory: three more files of one run duration with ${DENSITIES.join('×, ')}× the lines (${fmt(denseBase)}-line base; copies overlaid on the same seconds, tags unchanged), so the output is the same size and only the line count grows; ` +
          `"flat" means their median peak RSS stays within ${FLAT_RSS_PCT} % of each other.`,
        '',
        mdTable(['reader', 'lines/s (median)', 'runs', 'peak RSS', 'RSS MiB at 25/50/75/100 % of the run'], rows),
        '',
        mdTable(
          ['same duration, lines', 'lines', 'file', 'run duration in the file', 'lines/s end to end (median)', 'peak RSS (median)', 'runs'],
          dense.map((x) => [`×${x.d}`, fmt(x.lines), `${fmt(x.mib, 0)} MiB`, `${fmt(x.durationS)} s`, fmt(x.rate), `${fmt(x.peakMiB)} MiB`, runsList(x.peaks)]),
        ),
        '',
        mdTable(
          ['figure', 'value', 'goal', 'goal met'],
          [
            ['ingest lines/s, one core, sustained (fixed costs excluded)', fmt(sustained), '≥ 1,000,000', goalMark(sustained >= 1_000_000, ctx.quick)],
            ['ingest sustained / jq', jq.path ? `${fmt(sustained / median(jqRate), 1)}×` : 'n/a', '', ''],
            [
              `memory flat: peak RSS spread over ${DENSITIES.join('×/')}× the lines in the same run duration (largest / smallest − 1)`,
              `${fmt(spreadPct(densePeaks), 1)} %`,
              `≤ ${FLAT_RSS_PCT} %`,
              goalMark(spreadPct(densePeaks) <= FLAT_RSS_PCT, ctx.quick),
            ],
          ],
        ),
      ].join('\n'),
    };
  },
};
