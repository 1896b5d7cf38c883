/**
 * Corrected Akaike information criterion for a least-squares fit with Gaussian errors:
 * AICc = n·ln(RSS/n) + 2k + 2k(k+1)/(n−k−1), where k counts every fitted parameter including
 * the error variance. Infinite when n ≤ k+1 (the model cannot be judged on so few points).
 * https://en.wikipedia.org/wiki/Akaike_information_criterion#Modification_for_small_sample_size
 */
export function aicc(rss: number, n: number, k: number, rssFloor = 0): number {
  if (n - k - 1 <= 0 || !Number.isFinite(rss)) return Infinity;
  const r = Math.max(rss, rssFloor, Number.MIN_VALUE);
  return n * Math.log(r / n) + 2 * k + (2 * k * (k + 1)) / (n - k - 1);
}
