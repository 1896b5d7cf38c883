/**
 * Largest minus smallest of finite values, by a loop: `Math.max(...xs)` passes every value as an
 * argument and overflows the call stack at ~200k of them, which a long soak's series reaches
 * (250 ms ticks: 14 hours). −Infinity when `xs` is empty.
 */
export function valueRange(xs: ArrayLike<number>): number {
  let lowest = Infinity;
  let highest = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]!;
    if (v < lowest) lowest = v;
    if (v > highest) highest = v;
  }
  return highest - lowest;
}
