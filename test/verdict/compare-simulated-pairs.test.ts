/**
 * The comparison's error rates on simulated pairs of runs, driven through the shipped statistic:
 * per-second HDR bucket counts → pooled-histogram P95 → circular block bootstrap → three-valued
 * verdict against a 10 % margin at 95 % confidence. Runs are 2 minutes at 100 requests/s with
 * log-normal latencies and an AR(1) drift between seconds (simulate.ts), so seconds, and the
 * requests within them, are dependent, as on a real machine. Seeded: deterministic.
 *
 * Each run's bootstrap draws depend only on that run and its side's seed (the product resamples
 * each side with its own stream), so a baseline run's draws are computed once and reused by every
 * pair it is in, and the 1,000-pair rates cost 1,000s of runs, not 1,000s of bootstraps per pair.
 * Resamples: 1,000 per side, the low end of the shipped range (2,000 by default), to keep the file
 * within a few seconds of CPU; more resamples only sharpen the interval ends' Monte Carlo error.
 */
import { describe, expect, it } from 'vitest';
import { bootstrapDraws, relativeChangeFromDraws, resultSideSeed, type BootstrapDraws } from '../../analysis/compare/block-bootstrap-interval.ts';
import { PooledHistogramTable, type TrendStatistic } from '../../analysis/compare/pooled-histogram-table.ts';
import { threeValuedVerdict, type MetricVerdict } from '../../analysis/compare/three-valued-verdict.ts';
import { prng, simulateSecondBuckets, type RunShape } from './simulate.ts';

const P95: TrendStatistic = { kind: 'quantile', p: 95 };
const RESAMPLES = 1000;
const BASELINE_SEED = 0x5eed;
const CURRENT_SEED = resultSideSeed(BASELINE_SEED);
const SHAPE: RunShape = { seconds: 120, requestsPerSecond: 100, medianMs: 50 };
const HEAVY_DRIFT: Partial<RunShape> = { driftSd: 0.08, driftPhi: 0.9 };

const cache = new Map<string, BootstrapDraws[]>();

/** Bootstrap draws of `count` simulated runs (cached: the baseline arm is shared by several tests). */
function arm(name: string, seed: number, count: number, shape: RunShape, side: 'baseline' | 'current'): BootstrapDraws[] {
  const key = `${name}/${count}`;
  let runs = cache.get(key);
  if (!runs) {
    const rand = prng(seed);
    runs = Array.from({ length: count }, () => bootstrapDraws(new PooledHistogramTable(simulateSecondBuckets(rand, shape)), P95, side === 'baseline' ? BASELINE_SEED : CURRENT_SEED, RESAMPLES));
    cache.set(key, runs);
  }
  return runs;
}

function verdicts(baseline: BootstrapDraws[], current: BootstrapDraws[]): Record<MetricVerdict, number> {
  const out: Record<MetricVerdict, number> = { pass: 0, fail: 0, inconclusive: 0 };
  for (let i = 0; i < baseline.length; i++) {
    const iv = relativeChangeFromDraws(baseline[i]!, current[i]!, 0.95);
    if ('reason' in iv) throw new Error(iv.reason);
    out[threeValuedVerdict(iv, 0.1, 'lower')]++;
  }
  return out;
}

// ~3,700 simulated runs (~4 ms of CPU each: simulate, tabulate, 1,000 resamples): ~15 s alone,
// far more on a shared, loaded machine, hence the generous timeout.
const SLOW = 120_000;
const base = () => arm('base', 11, 1000, SHAPE, 'baseline');

describe('pooled P95 with a block bootstrap on simulated A/A and A/B pairs', () => {
  it('A/A (same distribution): fail in < 1 % of 1,000 pairs, and mostly pass', () => {
    const v = verdicts(base(), arm('aa', 22, 1000, SHAPE, 'current'));
    expect(v.fail).toBeLessThan(10);
    expect(v.pass).toBeGreaterThan(900); // not just always "inconclusive"
  }, SLOW);

  it('+20 % P95 shift: fail in ≥ 95 % of 1,000 pairs', () => {
    expect(verdicts(base(), arm('plus20', 33, 1000, { ...SHAPE, scale: 1.2 }, 'current')).fail).toBeGreaterThanOrEqual(950);
  }, SLOW);

  it('a shift inside the margin (+5 %) never fails in 500 pairs', () => {
    expect(verdicts(base().slice(0, 500), arm('plus5', 44, 500, { ...SHAPE, scale: 1.05 }, 'current')).fail).toBe(0);
  }, SLOW);

  // Drift twice as strong and three times as persistent (sd 8 %, φ 0.9: ~19 s integrated correlation,
  // so a 2-minute run holds only ~6 independent pieces of evidence). The blocks grow with it and A/A
  // stays under the 1 % false-alarm budget. A +5 % shift is NOT "never fail" here: a 2-minute run
  // cannot reveal a 19 s correlation well, the block bootstrap's interval comes out ~1/3 too narrow,
  // and 1,000 pairs measured 1.2 % fails (a calibrated interval would give ~0.2 %). The bound below
  // records that known limit (docs/architecture.md "Comparison"); the cure is longer runs.
  it('stronger, longer drift: longer blocks; A/A false alarms < 1 %, +5 % fails stay rare', () => {
    const heavy = { ...SHAPE, ...HEAVY_DRIFT };
    const b = arm('heavy-base', 55, 200, heavy, 'baseline');
    expect(verdicts(b, arm('heavy-aa', 66, 200, heavy, 'current')).fail).toBeLessThan(2);
    expect(verdicts(b, arm('heavy-plus5', 77, 200, { ...heavy, scale: 1.05 }, 'current')).fail).toBeLessThan(6);
    const meanBlock = (runs: BootstrapDraws[]) => runs.reduce((a, r) => a + r.blockSec, 0) / runs.length;
    expect(meanBlock(b)).toBeGreaterThan(2 * meanBlock(base()));
  }, SLOW);
});
