/** A series reduced to at most a given number of points. */
export interface Binned {
  t: Float64Array;
  y: Float64Array;
}

/**
 * Means of consecutive equal-count bins, so that at most `maxPoints` remain (the series is
 * returned as is when it is short enough). Fits and trend tests on 10⁴ samples cost O(n²)
 * otherwise; bin means keep the trend and shrink only the noise.
 */
export function binMeans(t: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): Binned {
  const n = t.length;
  if (n <= maxPoints) return { t: Float64Array.from(t), y: Float64Array.from(y) };
  const bins = Math.max(1, maxPoints);
  const bt = new Float64Array(bins);
  const by = new Float64Array(bins);
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * n) / bins);
    const to = Math.floor(((b + 1) * n) / bins);
    let st = 0;
    let sy = 0;
    for (let i = from; i < to; i++) {
      st += t[i]!;
      sy += y[i]!;
    }
    bt[b] = st / (to - from);
    by[b] = sy / (to - from);
  }
  return { t: bt, y: by };
}
