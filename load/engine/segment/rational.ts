/**
 * Exact non-negative fractions for execution segments ("1/4", "0.25", "25%"): floating point would
 * make the striping of k6's lib/execution_segment.go drift by one VU or iteration.
 */

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return Math.abs(a);
}

/** A reduced fraction num/den with den > 0. */
export class Rational {
  readonly num: number;
  readonly den: number;

  /** Builds and reduces num/den; throws on a zero denominator. */
  constructor(num: number, den = 1) {
    if (den === 0 || !Number.isInteger(num) || !Number.isInteger(den)) throw new Error(`invalid fraction ${num}/${den}`);
    const g = gcd(num, den) || 1;
    const sign = den < 0 ? -1 : 1;
    this.num = (sign * num) / g;
    this.den = (sign * den) / g;
  }

  /** Parses "a/b", a decimal "0.25" or a percentage "25%". */
  static parse(text: string): Rational {
    const s = text.trim();
    let m = /^(\d+)\s*\/\s*(\d+)$/.exec(s);
    if (m) return new Rational(Number(m[1]), Number(m[2]));
    m = /^(\d+(?:\.\d+)?)%$/.exec(s);
    if (m) return Rational.parse(m[1]!).mul(new Rational(1, 100));
    m = /^(\d+)(?:\.(\d+))?$/.exec(s);
    if (m) {
      const frac = m[2] ?? '';
      return new Rational(Number(m[1]! + frac), 10 ** frac.length);
    }
    throw new Error(`"${text}" is not a fraction, decimal or percentage`);
  }

  add(o: Rational): Rational {
    return new Rational(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Rational): Rational {
    return new Rational(this.num * o.den - o.num * this.den, this.den * o.den);
  }
  mul(o: Rational): Rational {
    return new Rational(this.num * o.num, this.den * o.den);
  }
  /** -1, 0 or 1. */
  cmp(o: Rational): number {
    const d = this.num * o.den - o.num * this.den;
    return d < 0 ? -1 : d > 0 ? 1 : 0;
  }
  /** The value as a float (display and rate scaling only). */
  valueOf(): number {
    return this.num / this.den;
  }
  toString(): string {
    return this.den === 1 ? String(this.num) : `${this.num}/${this.den}`;
  }
}

/** Least common multiple of positive integers. */
export function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}
