/** Ordinary least-squares line y = intercept + slope·x with its residual sum of squares. */
export interface LineFit {
  intercept: number;
  slope: number;
  rss: number;
  /** Coefficient of determination (1 when y is constant and fitted exactly). */
  r2: number;
}

/**
 * Ordinary least squares of y on x (https://en.wikipedia.org/wiki/Simple_linear_regression),
 * computed on centred data for stability; the RSS is summed from the residuals, not derived
 * from sums of squares, so exact fits give exactly 0. With no spread in x the slope is 0.
 */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>): LineFit {
  const n = x.length;
  if (n === 0) return { intercept: Number.NaN, slope: Number.NaN, rss: Number.NaN, r2: Number.NaN };
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const e = y[i]! - intercept - slope * x[i]!;
    rss += e * e;
  }
  return { intercept, slope, rss, r2: syy > 0 ? Math.max(0, 1 - rss / syy) : 1 };
}

/** Residual sum of squares of a line fit from precomputed centred sums (for grid searches). */
export function lineRssFromSums(sxx: number, sxy: number, syy: number): number {
  return sxx > 0 ? Math.max(0, syy - (sxy * sxy) / sxx) : syy;
}
