/**
 * The k-th smallest value (0-based) of `values`, by Hoare's quickselect with median-of-three
 * pivots: O(n) on average, so order statistics of the ~10⁵ pairwise slopes of Theil–Sen need
 * no full sort. Reorders `values` in place.
 * https://en.wikipedia.org/wiki/Quickselect
 */
export function selectKth(values: Float64Array, k: number): number {
  if (values.length === 0) return Number.NaN;
  let lo = 0;
  let hi = values.length - 1;
  const kk = Math.min(Math.max(0, Math.floor(k)), hi);
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three into values[mid]
    if (values[mid]! < values[lo]!) swap(values, mid, lo);
    if (values[hi]! < values[lo]!) swap(values, hi, lo);
    if (values[hi]! < values[mid]!) swap(values, hi, mid);
    const pivot = values[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        swap(values, i, j);
        i++;
        j--;
      }
    }
    if (kk <= j) hi = j;
    else if (kk >= i) lo = i;
    else return values[kk]!;
  }
  return values[kk]!;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
