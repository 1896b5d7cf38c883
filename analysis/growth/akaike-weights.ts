/**
 * Akaike weights w_i = exp(−Δ_i/2) / Σ exp(−Δ_j/2), Δ_i = AICc_i − min AICc: the relative
 * likelihood of each model given the data (Burnham & Anderson 2002, §2.9). Infinite AICc → 0.
 */
export function akaikeWeights(aiccs: number[]): number[] {
  const finite = aiccs.filter(Number.isFinite);
  if (finite.length === 0) return aiccs.map(() => 0);
  const best = Math.min(...finite);
  const raw = aiccs.map((a) => (Number.isFinite(a) ? Math.exp(-(a - best) / 2) : 0));
  const sum = raw.reduce((s, v) => s + v, 0);
  return raw.map((v) => v / sum);
}
