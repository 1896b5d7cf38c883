/**
 * Largest minus smallest of finite values, by a loop: `Math.max(...xs)` passes every value as an
 * argument and overflows the call stack at ~200k of them, which a long soak's series reaches
 * (250 ms ticks: 14 hours). −Infinity when `xs` is empty.
 */
export function valueRange(xs: ArrayLike<number>): number {
  const e = valueExtent(xs);
  return e.max - e.min;
}

/** Smallest and largest value, by a loop (see valueRange); { Infinity, −Infinity } when `xs` is empty. */
export function valueExtent(xs: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}
