/** Names of the growth models the analysis fits (issue 5 item 2). */
export type ModelName = 'constant' | 'linear' | 'logarithmic' | 'saturating-exponential' | 'power' | 'piecewise-plateau';

/** One model fitted by least squares to a series (t in seconds since the run started). */
export interface ModelFit {
  model: ModelName;
  /** Fitted parameters by name (see each model's file for the formula). */
  params: Record<string, number>;
  /** Parameters counted by AICc, the error variance included. */
  k: number;
  /** Residual sum of squares on the points it was fitted to. */
  rss: number;
  /** Number of points fitted. */
  n: number;
  /** Value of the fitted curve at time t. */
  predict(t: number): number;
  /** The finite level the curve tends to, or null when it grows without limit. */
  limit: number | null;
}

/** Mean spacing of the time axis: the unit the logarithmic and power models count time in. */
export function meanSpacing(t: ArrayLike<number>): number {
  const n = t.length;
  const s = n > 1 ? (t[n - 1]! - t[0]!) / (n - 1) : 1;
  return s > 0 ? s : 1;
}

/** Residual sum of squares of `predict` over the series. */
export function residualSumOfSquares(t: ArrayLike<number>, y: ArrayLike<number>, predict: (t: number) => number): number {
  let rss = 0;
  for (let i = 0; i < t.length; i++) {
    const e = y[i]! - predict(t[i]!);
    rss += e * e;
  }
  return rss;
}

/**
 * Minimises f on [lo, hi] by golden-section search (f assumed unimodal there).
 * https://en.wikipedia.org/wiki/Golden-section_search
 */
export function goldenSection(f: (x: number) => number, lo: number, hi: number, iterations = 40): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < iterations; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}

/**
 * Fits y = a + b·g(t; θ) for a one-dimensional shape parameter θ: a coarse grid over `grid`,
 * then golden-section between the best point's neighbours. a and b are exact least squares for
 * each θ, so only θ is searched. Returns the best θ with its a, b and RSS.
 */
export function fitShapeParameter(
  t: ArrayLike<number>,
  y: ArrayLike<number>,
  grid: number[],
  shape: (t: number, theta: number) => number,
): { theta: number; a: number; b: number; rss: number } {
  const n = t.length;
  const x = new Float64Array(n);
  const evaluate = (theta: number) => {
    for (let i = 0; i < n; i++) x[i] = shape(t[i]!, theta);
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
    for (let i = 0; i < n; i++) {
      const dx = x[i]! - mx;
      sxx += dx * dx;
      sxy += dx * (y[i]! - my);
    }
    const b = sxx > 0 ? sxy / sxx : 0;
    const a = my - b * mx;
    let rss = 0;
    for (let i = 0; i < n; i++) {
      const e = y[i]! - a - b * x[i]!;
      rss += e * e;
    }
    return { theta, a, b, rss };
  };
  let bestIdx = 0;
  let best = evaluate(grid[0]!);
  for (let i = 1; i < grid.length; i++) {
    const r = evaluate(grid[i]!);
    if (r.rss < best.rss) {
      best = r;
      bestIdx = i;
    }
  }
  const lo = grid[Math.max(0, bestIdx - 1)]!;
  const hi = grid[Math.min(grid.length - 1, bestIdx + 1)]!;
  if (hi > lo) {
    const refined = evaluate(goldenSection((th) => evaluate(th).rss, lo, hi, 25));
    if (refined.rss < best.rss) best = refined;
  }
  return best;
}
