// Issue 5 "Speed": fitting growth models to 50 relations × 10,000 samples takes < 1 s. Reading the
// samples file is measured beside it: the single-pass reader must stay ≥ 5× faster than the
// split-then-read one it replaced (2.605 s on this file, docs/benchmarks.md before the rewrite).
import { analyzeGrowth, parseSamplesCsv } from '../analysis/growth/index.ts';
import { SAMPLE_COLUMNS, type SamplesTable } from '../analysis/growth/samples-format.ts';
import type { BenchContext, BenchSection, Benchmark } from './bench-types.ts';
import { fmt, goalMark, mdTable, median, repeat, runsList } from './stats.ts';

// Shapes a soak really shows, so every model and the trend test do real work: leaks, plateaus, sawtooth, flat.
const SHAPES = [
  (t: number) => 1e6 + 120 * t,
  (t: number) => 5e6 * (1 - Math.exp(-t / 3000)) + 1e5,
  (t: number) => 2e6 + 4e5 * ((t % 3600) / 3600),
  (t: number) => 8e5,
  (t: number) => (t < 20_000 ? 1e6 : 1e6 + 300 * (t - 20_000)),
  (t: number) => 3e5 * Math.log1p(t / 60) + 1e5,
];

/** One fifth of what the former split-then-read samples reader took on the full-size file. */
const PARSE_GOAL_S = 2.605 / 5;

/** A samples.csv in the sampler's format: `relations` relations × `ticks` ticks 5 s apart, deterministic noise. */
export function syntheticSamples(relations: number, ticks: number): string {
  const col = new Map(SAMPLE_COLUMNS.map((c, i) => [c, i]));
  const lines = [SAMPLE_COLUMNS.join(',')];
  const start = Date.parse('2026-01-01T00:00:00Z');
  let seed = 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff - 0.5;
  };
  const cells = new Array<string>(SAMPLE_COLUMNS.length);
  for (let i = 0; i < ticks; i++) {
    const t = i * 5;
    const ts = new Date(start + t * 1000).toISOString();
    for (let r = 0; r < relations; r++) {
      const total = Math.round(SHAPES[r % SHAPES.length]!(t) * (1 + 0.002 * noise()) + 8192 * r);
      cells.fill('');
      cells[col.get('ts')!] = ts;
      cells[col.get('elapsed_s')!] = String(t);
      cells[col.get('relation')!] = `rel_${r}`;
      cells[col.get('total_bytes')!] = String(total);
      cells[col.get('table_bytes')!] = String(total);
      cells[col.get('index_bytes')!] = '0';
      cells[col.get('toast_bytes')!] = '0';
      cells[col.get('live_rows')!] = String(Math.round(total / 100));
      cells[col.get('dead_rows')!] = '0';
      cells[col.get('kind')!] = 'table';
      cells[col.get('events_total')!] = String(i * 40);
      cells[col.get('jobs_total')!] = String(i * 4);
      lines.push(cells.join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The growth-fitting benchmark (issue 5). */
export const growthFitBench: Benchmark = {
  name: 'growth-fit',
  title: 'Growth fitting: 50 relations × 10,000 samples (issue 5)',
  async run(ctx: BenchContext): Promise<BenchSection> {
    const relations = ctx.quick ? 5 : 50;
    const ticks = ctx.quick ? 500 : 10_000;
    const csv = syntheticSamples(relations, ticks);
    ctx.log(`samples.csv: ${fmt(csv.length / 2 ** 20, 1)} MiB`);
    let table: SamplesTable | undefined;
    let t0 = 0;
    const parseS = await repeat(ctx.runs, async () => {
      t0 = performance.now();
      table = parseSamplesCsv(csv);
      const s = (performance.now() - t0) / 1000;
      if (table.relations.length !== relations) throw new Error(`parsed ${table.relations.length} relations, expected ${relations}`);
      ctx.log(`parse ${s.toFixed(3)} s`);
      return s;
    });
    const fitS = await repeat(ctx.runs, async () => {
      t0 = performance.now();
      const report = analyzeGrowth(table!);
      const s = (performance.now() - t0) / 1000;
      if (report.relations.length !== relations) throw new Error(`analyzeGrowth judged ${report.relations.length} relations, expected ${relations}`);
      ctx.log(`fit ${s.toFixed(3)} s`);
      return s;
    });
    return {
      markdown: [
        `What: a synthetic samples.csv in the sampler's format (${relations} relations × ${fmt(ticks)} ticks, ${fmt(relations * ticks)} rows, ${fmt(csv.length / 2 ** 20, 1)} MiB; linear leaks, saturating, sawtooth, flat, late leak, logarithmic, 0.2 % noise), ` +
          'judged in this process by `analyzeGrowth` from `analysis/growth/index.ts` (every model fitted, AICc, trend test, explanation, contracts). ' +
          '"parse" is `parseSamplesCsv` on the CSV text (its goal: ≥ 5× faster than the 2.605 s of the reader it replaced); "fit" is `analyzeGrowth` on the parsed table (the issue\'s goal).',
        '',
        mdTable(
          ['step', 'median', 'runs', 'goal', 'goal met'],
          [
            ['parse', `${fmt(median(parseS), 3)} s`, runsList(parseS, 3), `< ${fmt(PARSE_GOAL_S, 3)} s`, goalMark(median(parseS) < PARSE_GOAL_S, ctx.quick)],
            ['fit', `${fmt(median(fitS), 3)} s`, runsList(fitS, 3), '< 1 s', goalMark(median(fitS) < 1, ctx.quick)],
          ],
        ),
      ].join('\n'),
    };
  },
};
