/**
 * Calls the growth analysis (analysis/growth, owned by the growth work) on a run's samples.csv, only
 * when its entry point exists, and maps its relations into the result's growth verdicts (every field
 * the growth module reports is kept; `contract` is what the gate reads).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../harness/errors.ts';
import type { GrowthRelation, ResultGrowth } from '../result/types.ts';

const ENTRY = new URL('../growth/index.ts', import.meta.url);

/** Growth verdicts of a samples file, or why there are none. */
export async function growthFromSamples(samplesPath: string): Promise<ResultGrowth> {
  if (!existsSync(samplesPath)) return { status: 'no-samples', note: 'no samples.csv in the run directory', relations: [] };
  if (!existsSync(fileURLToPath(ENTRY))) return { status: 'module-missing', note: 'analysis/growth is not available in this build; growth left empty', relations: [] };
  const growth = (await import(ENTRY.href)) as { analyzeGrowth: (csv: string) => { relations: Array<Record<string, unknown>> } };
  let report;
  try {
    report = growth.analyzeGrowth(readFileSync(samplesPath, 'utf8'));
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0];
    throw new UsageError(msg.startsWith(samplesPath) ? msg : `${samplesPath}: ${msg}`);
  }
  const relations: GrowthRelation[] = report.relations.map((r) => ({
    ...r,
    relation: String(r.relation),
    verdict: r.verdict as GrowthRelation['verdict'],
    model: r.model === null || r.model === undefined ? 'none' : String(r.model),
    reason: String(r.reason ?? ''),
  }));
  return { status: 'computed', relations };
}
