import { fitLine } from './least-squares.ts';

/**
 * Detects a dominant cycle (e.g. snapshot or GC rounds that grow a table and then cut it back)
 * in an evenly spaced series: the autocorrelation of the linearly detrended series must first
 * fall below zero and then rise again to a peak ≥ `minPeak`, at a lag that fits at least
 * `minCycles` times. Returns that lag in points (the strongest peak: possibly a whole multiple of
 * the cycle, which averages it away just as well), or null when there is no clear cycle.
 * https://en.wikipedia.org/wiki/Autocorrelation#Estimation
 */
export function detectPeriod(y: ArrayLike<number>, minPeak = 0.3, minCycles = 4): number | null {
  const n = y.length;
  if (n < 4 * minCycles) return null;
  const x = Float64Array.from({ length: n }, (_, i) => i);
  const line = fitLine(x, y);
  const r = Float64Array.from({ length: n }, (_, i) => y[i]! - line.intercept - line.slope * i);
  let c0 = 0;
  for (let i = 0; i < n; i++) c0 += r[i]! * r[i]!;
  if (!(c0 > 0)) return null;
  const maxLag = Math.floor(n / minCycles);
  let crossed = false;
  let bestLag = -1;
  let bestRho = -Infinity;
  for (let k = 1; k <= maxLag; k++) {
    let ck = 0;
    for (let i = 0; i + k < n; i++) ck += r[i]! * r[i + k]!;
    const rho = ck / c0;
    if (!crossed) {
      if (rho < 0) crossed = true;
      continue;
    }
    if (rho > bestRho) {
      bestRho = rho;
      bestLag = k;
    }
  }
  return bestLag > 1 && bestRho >= minPeak ? bestLag : null;
}

/** Means over consecutive whole blocks of `size` points (a trailing partial block is dropped). */
export function blockMeans(t: ArrayLike<number>, y: ArrayLike<number>, size: number): { t: Float64Array; y: Float64Array } {
  const blocks = Math.floor(t.length / size);
  const bt = new Float64Array(blocks);
  const by = new Float64Array(blocks);
  for (let b = 0; b < blocks; b++) {
    let st = 0;
    let sy = 0;
    for (let i = b * size; i < (b + 1) * size; i++) {
      st += t[i]!;
      sy += y[i]!;
    }
    bt[b] = st / size;
    by[b] = sy / size;
  }
  return { t: bt, y: by };
}
