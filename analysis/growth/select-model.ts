import { aicc } from './aicc.ts';
import { akaikeWeights } from './akaike-weights.ts';
import { fitConstant } from './models/constant.ts';
import { fitLinear } from './models/linear.ts';
import { fitLogarithmic } from './models/logarithmic.ts';
import type { ModelFit, ModelName } from './models/model-fit.ts';
import { fitPiecewisePlateau } from './models/piecewise-plateau.ts';
import { fitPower } from './models/power.ts';
import { fitSaturatingExponential } from './models/saturating-exponential.ts';

/** One candidate model with its information criterion and Akaike weight. */
export interface ModelScore {
  fit: ModelFit;
  aicc: number;
  weight: number;
}

/** All candidate models for a series, best (lowest AICc) first. */
export interface ModelSelection {
  best: ModelScore | null;
  ranked: ModelScore[];
}

const FITTERS: Array<(t: ArrayLike<number>, y: ArrayLike<number>) => ModelFit | null> = [
  fitConstant, fitLinear, fitLogarithmic, fitSaturatingExponential, fitPower, fitPiecewisePlateau,
];

/** Model names in the order the fitters run (ties in AICc go to the earlier, simpler one). */
export const MODEL_NAMES: ModelName[] = ['constant', 'linear', 'logarithmic', 'saturating-exponential', 'power', 'piecewise-plateau'];

/**
 * Fits every growth model and ranks them by AICc with Akaike weights. Residuals are floored at a
 * relative 1e-9 of the data's magnitude, so exact fits (a table that never changes size) do not
 * give −∞ and the model with fewer parameters wins among exact fits.
 */
export function selectModel(t: ArrayLike<number>, y: ArrayLike<number>): ModelSelection {
  const n = t.length;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(y[i]!));
  const rssFloor = n * (1e-9 * Math.max(scale, 1)) ** 2;
  const fits = FITTERS.map((f) => f(t, y)).filter((f): f is ModelFit => f !== null);
  const scores = fits.map((fit) => aicc(fit.rss, n, fit.k, rssFloor));
  const weights = akaikeWeights(scores);
  const ranked = fits
    .map((fit, i) => ({ fit, aicc: scores[i]!, weight: weights[i]! }))
    .filter((s) => Number.isFinite(s.aicc))
    .sort((p, q) => p.aicc - q.aicc);
  return { best: ranked[0] ?? null, ranked };
}
