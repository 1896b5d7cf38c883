import { compareResults, type MetricComparison } from '../analysis/compare/compare-results.ts';
import type { RunResult } from '../analysis/result/types.ts';
import type { CompareSpec } from '../analysis/threshold-table.ts';

/** Reference-target route of each gated endpoint tag (the added-latency knob is keyed by route). */
export const ENDPOINT_ROUTES: Record<string, string> = {
  post_message: 'POST /api/agents/:id/message',
  get_job: 'GET /api/jobs/:id',
  get_events: 'GET /api/jobs/:id/events',
};

/** Noise of one gated metric across the A/A runs. */
export interface MetricNoise {
  key: string;
  stat: string;
  margin: number;
  values: number[];
  /** Coefficient of variation of the whole-run statistic across runs. */
  cv: number;
  /** Median minimum detectable effect over the A/A comparisons. */
  medianMde: number;
  falseAlarms: number;
  comparisons: number;
  /** A margin that respects this noise: the larger of 2 × CV and the median MDE. */
  suggestedMargin: number;
  /** How the comparison formed this metric's interval (null when it was never compared). */
  method: MetricComparison['method'] | null;
}

/** What a calibration measured. */
export interface CalibrationSummary {
  aa: { pairs: number; pairsWithAFail: number; falseAlarmRate: number };
  shifted: { key: string; stat: string; addedMs: number; floorMs: number; pairs: number; detected: number; detectionRate: number; inconclusive: number };
  noise: MetricNoise[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function cv(xs: number[]): number {
  if (xs.length < 2) return NaN;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
  return mean === 0 ? NaN : sd / Math.abs(mean);
}

/**
 * From N unchanged runs (A) and N runs with added latency on one endpoint (B): the false-alarm
 * rate of the comparison over all A/A pairs, its detection rate over all A/B pairs for the shifted
 * metric, and the noise of every gated metric. Runs are compared with fingerprints allowed to
 * differ only by the knob (the profile and machine are the same).
 */
export function summariseCalibration(a: RunResult[], b: RunResult[], specs: readonly CompareSpec[], shiftedKey: string, addedMs: number): CalibrationSummary {
  const perMetric = new Map<string, MetricComparison[]>();
  let pairsWithAFail = 0;
  let aaPairs = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < a.length; j++) {
      if (i === j) continue;
      const c = compareResults(a[i]!, a[j]!, specs, { allowIncomparable: true });
      aaPairs++;
      if (c.metrics.some((m) => m.verdict === 'fail')) pairsWithAFail++;
      for (const m of c.metrics) perMetric.set(`${m.key} ${m.stat}`, [...(perMetric.get(`${m.key} ${m.stat}`) ?? []), m]);
    }
  }
  const shiftedSpec = specs.find((s) => s.key === shiftedKey)!;
  let detected = 0;
  let inconclusive = 0;
  let abPairs = 0;
  for (const base of a) {
    for (const cur of b) {
      const m = compareResults(base, cur, [shiftedSpec], { allowIncomparable: true }).metrics[0];
      abPairs++;
      if (m?.verdict === 'fail') detected++;
      else if (!m || m.verdict === 'inconclusive') inconclusive++;
    }
  }
  const noise: MetricNoise[] = specs.map((s) => {
    const values = a.map((r) => r.metrics[s.key]?.values[s.stat]).filter((v): v is number => typeof v === 'number');
    const comps = perMetric.get(`${s.key} ${s.stat}`) ?? [];
    const c = cv(values);
    const mde = median(comps.map((m) => m.minimumDetectableEffect));
    return {
      key: s.key,
      stat: s.stat,
      margin: s.margin,
      values,
      cv: c,
      medianMde: mde,
      falseAlarms: comps.filter((m) => m.verdict === 'fail').length,
      comparisons: comps.length,
      suggestedMargin: Math.max(Number.isFinite(c) ? 2 * c : 0, Number.isFinite(mde) ? mde : 0),
      method: comps[0]?.method ?? null,
    };
  });
  return {
    aa: { pairs: aaPairs, pairsWithAFail, falseAlarmRate: aaPairs ? pairsWithAFail / aaPairs : NaN },
    shifted: { key: shiftedKey, stat: shiftedSpec.stat, addedMs, floorMs: shiftedSpec.floor ?? 0, pairs: abPairs, detected, detectionRate: abPairs ? detected / abPairs : NaN, inconclusive },
    noise,
  };
}

/** docs/calibration.md: the command, the machine, the runs and what they say about the margins. */
export function renderCalibrationMarkdown(s: CalibrationSummary, ctx: { command: string; machine: string; date: string; aRuns: string[]; bRuns: string[] }): string {
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : '–');
  return [
    '# Calibration of the baseline comparison',
    '',
    `Produced by \`${ctx.command}\` on ${ctx.date}, ${ctx.machine}.`,
    '',
    `A runs (unchanged): ${ctx.aRuns.map((r) => `\`${r}\``).join(', ')}.`,
    `B runs (+${s.shifted.addedMs.toFixed(1)} ms on ${s.shifted.key}, ≈ +20 % of its A median ${s.shifted.stat}): ${ctx.bRuns.map((r) => `\`${r}\``).join(', ')}.`,
    '',
    '| measure | value | over |',
    '|---|---|---|',
    `| false-alarm rate (an A/A pair with any gated metric judged fail) | ${pct(s.aa.falseAlarmRate)} | ${s.aa.pairs} ordered A/A pairs |`,
    `| detection rate (the shifted metric judged fail) | ${pct(s.shifted.detectionRate)} | ${s.shifted.pairs} A/B pairs (${s.shifted.inconclusive} inconclusive) |`,
    '',
    ...(s.shifted.addedMs < s.shifted.floorMs
      ? [`The +20 % shift (${s.shifted.addedMs.toFixed(1)} ms) is below this metric's floor of ${s.shifted.floorMs} ms (5 % of its threshold), so the comparison is built to call it no regression: "detected" stays low on purpose here, and the false-alarm rate is the figure to read.`, '']
      : []),
    '## Noise per gated metric (A runs)',
    '',
    'Values are each A run\'s whole-run statistic; CV is their spread. The MDE (smallest change detected with',
    '80 % power at the comparison\'s confidence) comes from the comparison\'s own interval: for latency',
    'statistics the pooled whole-run histogram with a circular block bootstrap over seconds ("pooled"),',
    'for rates and counts the mean of per-window values with a t interval ("windows").',
    '',
    '| metric | stat | method | values | CV | median MDE | A/A fails | table margin | margin that respects the noise |',
    '|---|---|---|---|---|---|---|---|---|',
    ...s.noise.map((n) => `| \`${n.key}\` | ${n.stat} | ${n.method === 'pooled-block-bootstrap' ? 'pooled' : n.method === 'window-mean-t' ? 'windows' : '–'} | ${n.values.map((v) => v.toFixed(2)).join(', ')} | ${pct(n.cv)} | ${pct(n.medianMde)} | ${n.falseAlarms}/${n.comparisons} | ±${pct(n.margin)} | ≥ ±${pct(n.suggestedMargin)} |`),
    '',
    'A margin below the last column lets run-to-run noise alone fail the gate; the comparison then',
    'turns such a metric inconclusive rather than fail only when its interval straddles the margin.',
    '',
  ].join('\n');
}
