/**
 * Runs the growth analysis (analysis/growth) on a run's samples.csv with the run's growth
 * contracts, and maps its report into the result's growth part (every field the growth module
 * reports per relation is kept; `contract` is what the gate reads).
 */
import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../../harness/errors.ts';
import { analyzeGrowth, DEFAULT_AETHERIS_CONTRACTS, validateContracts, type GrowthContract } from '../growth/index.ts';
import type { GrowthRelation, ResultGrowth } from '../result/types.ts';

/** Growth verdicts of a samples file, or why there are none. `contracts` default to Aetheris's. */
export async function growthFromSamples(samplesPath: string, contracts: unknown = DEFAULT_AETHERIS_CONTRACTS): Promise<ResultGrowth> {
  if (!existsSync(samplesPath)) return { status: 'no-samples', note: 'no samples.csv in the run directory', relations: [] };
  const problems = validateContracts(contracts);
  if (problems.length) throw new UsageError(`growth contracts of the run (manifest.json): ${problems.join('; ')}`);
  let report;
  try {
    report = analyzeGrowth(readFileSync(samplesPath, 'utf8'), { contracts: contracts as GrowthContract[] });
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0]!;
    throw new UsageError(msg.startsWith(samplesPath) ? msg : `${samplesPath}: ${msg}`);
  }
  const relations: GrowthRelation[] = report.relations.map((r) => ({
    ...r,
    relation: r.relation,
    verdict: r.verdict,
    model: r.model ?? 'none',
    reason: r.reason,
  }));
  return {
    status: 'computed',
    relations,
    breaches: report.breaches,
    unboundedToday: report.unboundedToday,
    recommendations: report.recommendations,
    gaps: report.gaps,
  };
}
