const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * `Number(text.slice(start, end))` without making the substring, for the plain decimals a sampler
 * writes (`-?digits[.digits]`, at most 15 digits); NaN for anything else, which the caller then
 * hands to Number(). Exact, not approximate: a mantissa below 10^15 and a power of ten up to 10^15
 * are both exact doubles, so their one IEEE division is the correctly rounded value of the decimal,
 * which is what Number() returns (Clinger's fast path).
 */
export function plainDecimal(text: string, start: number, end: number): number {
  let i = start;
  const negative = text.charCodeAt(i) === 45;
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0) {
      fraction = 0;
    } else {
      return Number.NaN;
    }
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  const v = fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
  return negative ? -v : v;
}
