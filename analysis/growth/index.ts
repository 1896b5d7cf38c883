import { CONTRACT_UNBOUNDED_TODAY, DEFAULT_AETHERIS_CONTRACTS, evaluateContract, type ContractResult } from './contracts.ts';
import { explainGrowth, type GrowthExplanation } from './explain.ts';
import { DEFAULT_GROWTH_OPTIONS, type GrowthOptions } from './growth-options.ts';
import type { ModelName } from './models/model-fit.ts';
import { parseSamplesCsv } from './parse-samples.ts';
import { recommend, type Recommendation } from './recommendations.ts';
import type { RelationSeries, SamplesTable } from './samples-format.ts';
import { judgeSeries, type TailTrend, type Verdict } from './verdict.ts';

export type { GrowthOptions } from './growth-options.ts';
export type { GrowthContract, ContractResult } from './contracts.ts';
export type { Verdict } from './verdict.ts';
export type { Recommendation } from './recommendations.ts';
export { CONTRACT_UNBOUNDED_TODAY, DEFAULT_AETHERIS_CONTRACTS, validateContracts, mergeContracts } from './contracts.ts';
export { DEFAULT_GROWTH_OPTIONS } from './growth-options.ts';
export { parseSamplesCsv } from './parse-samples.ts';
export { CsvFormatError } from './parse-csv.ts';

/** Growth result of one relation (one entry of `relations` in the JSON output). */
export interface RelationGrowth {
  relation: string;
  /** table | index | toast | database | wal (from the sampler; empty if the file lacks it). */
  kind: string;
  parent: string;
  verdict: Verdict;
  /** Best model by AICc (null when too few points to fit). */
  model: ModelName | null;
  modelWeight: number;
  /** One sentence saying why. */
  reason: string;
  /** Samples judged. */
  samples: number;
  /** Seconds of trailing samples left out because no work was done in them (load had stopped). */
  idleTailS: number;
  lastBytes: number;
  growthPerHour: number | null;
  bytesPerEvent: number | null;
  bytesPerJob: number | null;
  horizonS: number;
  projectedBytes: number | null;
  /** Which model or line the projection follows. */
  projectionBasis: string | null;
  projectedWithRetentionBytes: number | null;
  /** Every model fitted, best first, with AICc, Akaike weight and parameters. */
  models: Array<{ model: ModelName; aicc: number; weight: number; params: Record<string, number> }>;
  trend: TailTrend | null;
  explanation: GrowthExplanation;
  /** Outcome of this relation's growth contract, when it has one. */
  contract: ContractResult | null;
}

/** Everything the growth analysis found in one samples file. */
export interface GrowthReport {
  relations: RelationGrowth[];
  /** Every contract evaluated (also those whose relation was not sampled). */
  contracts: ContractResult[];
  /** Contracts broken: each fails the gate. */
  breaches: ContractResult[];
  /** Aetheris tables contract §5.3 expects to grow without bound today. */
  unboundedToday: string[];
  recommendations: Recommendation[];
  /** Ticks lost because the database was unreachable. */
  gaps: { count: number; atS: number[] };
  options: { horizonS: number; retentionS: number | null; alpha: number };
}

/**
 * Index of the last sample at which work was still being done (the events counter, else the jobs
 * counter, still rising), or the last sample when no counter varies. Samples taken after the load
 * stopped would otherwise read as "growth stopped" and make every leak look bounded.
 */
function lastActiveIndex(s: RelationSeries): number {
  const n = s.t.length;
  for (const counter of [s.eventsTotal, s.jobsTotal]) {
    let last = -1;
    for (let i = 1; i < n; i++) if (counter[i]! > counter[i - 1]!) last = i;
    if (last > 0) return last;
  }
  return n - 1;
}

function judgedWindow(s: RelationSeries): { t: Float64Array; y: Float64Array; rows: Float64Array; idleTailS: number } {
  const end = lastActiveIndex(s);
  const keep: number[] = [];
  for (let i = 0; i <= end; i++) if (Number.isFinite(s.totalBytes[i]!) && Number.isFinite(s.t[i]!)) keep.push(i);
  const idleTailS = s.t.length > 0 ? s.t[s.t.length - 1]! - s.t[Math.max(0, end)]! : 0;
  return {
    t: Float64Array.from(keep, (i) => s.t[i]!),
    y: Float64Array.from(keep, (i) => s.totalBytes[i]!),
    rows: Float64Array.from(keep, (i) => s.liveRows[i]!),
    idleTailS,
  };
}

/**
 * Growth analysis of a samples.csv (its text, or already parsed): a verdict per relation
 * (bounded / unbounded / inconclusive, with model, reason and evidence), growth explained per
 * event and per job, projections, contract breaches and recommendations. Pure: no I/O.
 * Samples after the work counters stopped rising (the load had ended) are not judged.
 * Throws CsvFormatError (line, column) when given malformed CSV text.
 */
export function analyzeGrowth(input: string | SamplesTable, options: Partial<GrowthOptions> = {}): GrowthReport {
  const opts: GrowthOptions = { ...DEFAULT_GROWTH_OPTIONS, contracts: DEFAULT_AETHERIS_CONTRACTS, ...options };
  const table = typeof input === 'string' ? parseSamplesCsv(input) : input;
  const relations: RelationGrowth[] = table.relations.map((s) => {
    const { t, y, rows, idleTailS } = judgedWindow(s);
    const j = judgeSeries(t, y, opts, rows);
    const explanation = explainGrowth(s, j, opts);
    return {
      relation: s.relation,
      kind: s.kind,
      parent: s.parent,
      verdict: j.verdict,
      model: j.model,
      modelWeight: j.modelWeight,
      reason: j.reason,
      samples: t.length,
      idleTailS,
      lastBytes: explanation.lastBytes,
      growthPerHour: explanation.growthPerHour,
      bytesPerEvent: explanation.perEvent?.bytesPerUnit ?? null,
      bytesPerJob: explanation.perJob?.bytesPerUnit ?? null,
      horizonS: opts.horizonS,
      projectedBytes: explanation.projectedBytes,
      projectionBasis: explanation.projectionBasis,
      projectedWithRetentionBytes: explanation.projectedWithRetentionBytes,
      models: j.selection.ranked.map((m) => ({ model: m.fit.model, aicc: m.aicc, weight: m.weight, params: m.fit.params })),
      trend: j.trend,
      explanation,
      contract: null,
    };
  });
  const byName = new Map(relations.map((r) => [r.relation, r]));
  const contracts = opts.contracts.map((c) => {
    const r = byName.get(c.relation);
    const result = evaluateContract(c, r ? { verdict: r.verdict, lastBytes: r.lastBytes, bytesPerEvent: r.bytesPerEvent, bytesPerJob: r.bytesPerJob } : null);
    if (r) r.contract = result;
    return result;
  });
  return {
    relations,
    contracts,
    breaches: contracts.filter((c) => c.status === 'breach'),
    unboundedToday: [...CONTRACT_UNBOUNDED_TODAY],
    recommendations: recommend(table.relations, relations, opts),
    gaps: { count: table.gaps.length, atS: table.gaps },
    options: { horizonS: opts.horizonS, retentionS: opts.retentionS, alpha: opts.alpha },
  };
}
