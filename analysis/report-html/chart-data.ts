/**
 * Turns a result (and its samples, faults, telemetry and baseline) into the plain arrays the HTML
 * report plots. All the statistics happen here, in Node, from the HDR histograms; the page only draws.
 */
import { decodeHistogram, histogramPercentile } from '../hdr-codec.ts';
import { SecondHistograms } from '../second-histograms.ts';
import type { SamplesTable } from '../growth/samples-format.ts';
import { selectModel } from '../growth/select-model.ts';
import { valueRange } from '../value-range.ts';
import type { ResultSeries, RunResult } from '../result/types.ts';

/** One time chart: x = unix seconds, one or more named y series of the same length. */
export interface TimeChart {
  id: string;
  title: string;
  /** Unit shown on the y axis. */
  unit: string;
  x: number[];
  series: Array<{ label: string; values: Array<number | null>; dashed?: boolean }>;
  /** Where the numbers came from. */
  source: string;
}

/** A distribution chart: value at each percentile, baseline against current. */
export interface DistributionChart {
  id: string;
  title: string;
  percentiles: number[];
  series: Array<{ label: string; values: number[] }>;
  source: string;
}

/** Everything the page draws. */
export interface ChartData {
  runId: string;
  verdictLine: string;
  outcome: string;
  /** Fault windows in unix seconds, shaded on every time chart. */
  faults: Array<{ start: number; end: number; label: string }>;
  timeCharts: TimeChart[];
  growthCharts: Array<TimeChart & { verdict: string; model: string; reason: string }>;
  distributions: DistributionChart[];
}

/** Extra inputs beside the result. */
export interface ChartInputs {
  result: RunResult;
  verdictLine: string;
  outcome: string;
  samples: SamplesTable | null;
  /** Unix ms of elapsed_s = 0 in samples.csv (its first ts minus its first elapsed_s). */
  samplesStartMs: number | null;
  faults: Array<{ start: number; end: number; label: string }>;
  observability: Array<{ t: number; queueBacklog: number | null; stuckJobs: number | null; workerBusy: number | null }>;
  baseline: RunResult | null;
  /** Keys of the gated trend metrics (threshold table compare entries). */
  gatedTrends: string[];
}

const PERCENTILES = [0, 10, 25, 50, 75, 90, 95, 99, 99.9, 100];

function seriesOf(result: RunResult, metric: string, filter: (tags: Record<string, string>) => string | null): Map<string, ResultSeries[]> {
  const groups = new Map<string, ResultSeries[]>();
  for (const s of result.series) {
    if (s.metric !== metric) continue;
    const key = filter(s.tags);
    if (key === null) continue;
    const list = groups.get(key) ?? [];
    list.push(s);
    groups.set(key, list);
  }
  return groups;
}

function timeAxis(result: RunResult): number[] {
  const ts = new Set<number>();
  for (const s of result.series) for (const p of s.points) ts.add(p.t);
  return [...ts].sort((a, b) => a - b);
}

function latencyCharts(result: RunResult, x: number[]): TimeChart[] {
  const byEndpoint = seriesOf(result, 'http_req_duration', (tags) => tags.endpoint ?? null);
  const charts: TimeChart[] = [];
  for (const [endpoint, list] of [...byEndpoint].sort(([a], [b]) => a.localeCompare(b))) {
    const perSecond = new SecondHistograms();
    for (const s of list) for (const p of s.points) if ('hdr' in p) perSecond.add(p.t, p.hdr, p.min, p.max);
    const at = (q: number) => x.map((t) => perSecond.percentile(t, q));
    charts.push({
      id: `latency-${endpoint}`,
      title: `Latency over time — ${endpoint}`,
      unit: 'ms',
      x,
      series: [{ label: 'p50', values: at(50) }, { label: 'p95', values: at(95) }, { label: 'p99', values: at(99), dashed: true }],
      source: `http_req_duration{endpoint:${endpoint}}, per-second HDR histograms of run ${result.runId} (${list.length} tag sets merged)`,
    });
  }
  return charts;
}

function sumPerSecond(result: RunResult, metric: string, field: 'value' | 'passes'): Map<number, number> {
  const out = new Map<number, number>();
  for (const s of result.series) {
    if (s.metric !== metric) continue;
    for (const p of s.points) {
      const v = (p as Record<string, number>)[field];
      if (typeof v === 'number') out.set(p.t, (out.get(p.t) ?? 0) + v);
    }
  }
  return out;
}

function cumulative(x: number[], perSecond: Map<number, number>): number[] {
  let total = 0;
  return x.map((t) => (total += perSecond.get(t) ?? 0));
}

function growthCharts(samples: SamplesTable | null, result: RunResult, startMs: number): ChartData['growthCharts'] {
  if (!samples) return [];
  const verdicts = new Map(result.growth.relations.map((r) => [r.relation, r]));
  const out: ChartData['growthCharts'] = [];
  for (const s of samples.relations) {
    const v = verdicts.get(s.relation);
    if (!v || (s.kind !== 'table' && !s.relation.startsWith('@'))) continue;
    const keep: number[] = [];
    for (let i = 0; i < s.t.length; i++) if (Number.isFinite(s.t[i]!) && Number.isFinite(s.totalBytes[i]!)) keep.push(i);
    if (keep.length < 2) continue;
    const t = keep.map((i) => s.t[i]!);
    const y = keep.map((i) => s.totalBytes[i]!);
    // A relation that never grew by a page is a flat line: its verdict row in the checks says enough.
    if (valueRange(y) < 8192) continue;
    const fit = selectModel(t, y).ranked.find((r) => r.fit.model === v.model)?.fit;
    out.push({
      id: `growth-${s.relation.replace(/[^a-zA-Z0-9_-]/g, '_')}`,
      title: `${s.relation}: ${v.verdict}`,
      unit: 'bytes',
      x: t.map((sec) => startMs / 1000 + sec),
      series: [{ label: 'total bytes', values: y }, ...(fit ? [{ label: `fit: ${fit.model}`, values: t.map((sec) => fit.predict(sec)), dashed: true }] : [])],
      source: `samples.csv of run ${result.runId}, ${t.length} ticks; curve = ${v.model} fitted by least squares`,
      verdict: v.verdict,
      model: v.model,
      reason: v.reason,
    });
  }
  const rank = { unbounded: 0, inconclusive: 1, bounded: 2 } as Record<string, number>;
  return out.sort((a, b) => (rank[a.verdict] ?? 3) - (rank[b.verdict] ?? 3));
}

function distribution(result: RunResult, key: string): number[] | null {
  const m = result.metrics[key];
  if (!m?.hdr) return null;
  const h = decodeHistogram(m.hdr);
  return PERCENTILES.map((p) => histogramPercentile(h, p, m.values.min ?? 0, m.values.max ?? Infinity));
}

/** Builds every chart of the report. */
export function buildChartData(inp: ChartInputs): ChartData {
  const { result } = inp;
  const x = timeAxis(result);
  const reqs = sumPerSecond(result, 'http_reqs', 'value');
  const errors = sumPerSecond(result, 'http_req_failed', 'passes');
  const timeCharts: TimeChart[] = [...latencyCharts(result, x)];
  if (x.length) {
    timeCharts.push({
      id: 'throughput', title: 'Throughput and errors', unit: 'per second', x,
      series: [{ label: 'requests/s', values: x.map((t) => reqs.get(t) ?? 0) }, { label: 'failed requests/s', values: x.map((t) => errors.get(t) ?? 0) }],
      source: `http_reqs and http_req_failed per second, run ${result.runId}`,
    });
    const jobs = (metric: string) => cumulative(x, sumPerSecond(result, metric, 'value'));
    timeCharts.push({
      id: 'jobs', title: 'Job completion (cumulative)', unit: 'jobs', x,
      series: [{ label: 'accepted', values: jobs('jobs_accepted') }, { label: 'completed', values: jobs('jobs_completed') }, { label: 'failed', values: jobs('jobs_failed') }, { label: 'timed out', values: jobs('jobs_timed_out') }],
      source: `jobs_* counters per second, cumulated, run ${result.runId}`,
    });
  }
  if (inp.observability.length) {
    const ox = inp.observability.map((p) => Math.round(p.t / 1000));
    timeCharts.push({
      id: 'observability', title: 'Target telemetry: backlog, stuck jobs, busy workers', unit: 'count', x: ox,
      series: [
        { label: 'queue backlog', values: inp.observability.map((p) => p.queueBacklog) },
        { label: 'stuck jobs', values: inp.observability.map((p) => p.stuckJobs) },
        { label: 'busy worker slots', values: inp.observability.map((p) => p.workerBusy) },
      ],
      source: `observability.ndjson (scrapes of /metrics and /api/observability/summary), run ${result.runId}`,
    });
  }
  const distributions: DistributionChart[] = [];
  for (const key of inp.gatedTrends) {
    const current = distribution(result, key);
    if (!current) continue;
    const base = inp.baseline ? distribution(inp.baseline, key) : null;
    distributions.push({
      id: `dist-${key.replace(/[^a-zA-Z0-9_-]/g, '_')}`,
      title: `${key}: ${base ? 'baseline against current' : 'current'} distribution`,
      percentiles: PERCENTILES,
      series: [...(base ? [{ label: `baseline ${inp.baseline!.runId}`, values: base }] : []), { label: `current ${result.runId}`, values: current }],
      source: `whole-run HDR histograms of ${key}${base ? ` (baseline run ${inp.baseline!.runId})` : ''}`,
    });
  }
  return {
    runId: result.runId,
    verdictLine: inp.verdictLine,
    outcome: inp.outcome,
    faults: inp.faults,
    timeCharts,
    growthCharts: growthCharts(inp.samples, result, inp.samplesStartMs ?? result.window?.start ?? 0),
    distributions,
  };
}
