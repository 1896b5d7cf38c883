import { describe, expect, it } from 'vitest';
import { fitConstant } from '../../analysis/growth/models/constant.ts';
import { fitLinear } from '../../analysis/growth/models/linear.ts';
import { fitLogarithmic } from '../../analysis/growth/models/logarithmic.ts';
import { fitPiecewisePlateau } from '../../analysis/growth/models/piecewise-plateau.ts';
import { fitPower } from '../../analysis/growth/models/power.ts';
import { fitSaturatingExponential } from '../../analysis/growth/models/saturating-exponential.ts';
import { selectModel } from '../../analysis/growth/select-model.ts';
import { series } from './synthetic-series.ts';

const range = (from: number, to: number, step = 1) => Float64Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
const map = (t: Float64Array, f: (t: number) => number) => Float64Array.from(t, f);

describe('each model fits its textbook curve', () => {
  it('constant: the mean, RSS = Σ(y − ȳ)²', () => {
    const fit = fitConstant([0, 1, 2], [2, 4, 6])!;
    expect(fit.params.c).toBe(4);
    expect(fit.rss).toBe(8);
    expect(fit.limit).toBe(4);
  });

  it('linear: y = 3 + 2t exactly', () => {
    const t = range(0, 20);
    const fit = fitLinear(t, map(t, (x) => 3 + 2 * x))!;
    expect(fit.params.a).toBeCloseTo(3, 9);
    expect(fit.params.b).toBeCloseTo(2, 9);
    expect(fit.rss).toBeLessThan(1e-18);
    expect(fit.limit).toBeNull();
  });

  it('linear: Anscombe set I gives y = 3.0001 + 0.5001x', () => {
    const x = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5];
    const y = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68];
    const fit = fitLinear(x, y)!;
    expect(fit.params.a).toBeCloseTo(3.0001, 4);
    expect(fit.params.b).toBeCloseTo(0.5001, 4);
  });

  it('logarithmic: y = 3 + 2·ln t on t = 1…50', () => {
    const t = range(1, 50);
    const fit = fitLogarithmic(t, map(t, (x) => 3 + 2 * Math.log(x)))!;
    expect(fit.params.a).toBeCloseTo(3, 9);
    expect(fit.params.b).toBeCloseTo(2, 9);
    expect(fit.predict(100)).toBeCloseTo(3 + 2 * Math.log(100), 6);
  });

  it('saturating exponential: y = 5 + 10(1 − e^(−t/20)) levels off at 15', () => {
    const t = range(0, 200);
    const fit = fitSaturatingExponential(t, map(t, (x) => 5 + 10 * (1 - Math.exp(-x / 20))))!;
    expect(fit.params.tau).toBeCloseTo(20, 2);
    expect(fit.params.a).toBeCloseTo(5, 3);
    expect(fit.limit).toBeCloseTo(15, 3);
  });

  it('power: y = 1 + 2·t^1.5 on t = 1…50', () => {
    const t = range(1, 50);
    const fit = fitPower(t, map(t, (x) => 1 + 2 * x ** 1.5))!;
    expect(fit.params.c).toBeCloseTo(1.5, 3);
    expect(fit.params.b).toBeCloseTo(2, 2);
    expect(fit.params.a).toBeCloseTo(1, 1);
    expect(fit.limit).toBeNull();
  });

  it('piecewise plateau: y = 4 + 3·min(t, 30) breaks at 30 and stays at 94', () => {
    const t = range(0, 99);
    const fit = fitPiecewisePlateau(t, map(t, (x) => 4 + 3 * Math.min(x, 30)))!;
    expect(fit.params.tau).toBe(30);
    expect(fit.params.a).toBeCloseTo(4, 9);
    expect(fit.params.b).toBeCloseTo(3, 9);
    expect(fit.limit).toBeCloseTo(94, 9);
  });

  it('a plateau of a few trailing points is not a level reached', () => {
    const t = range(0, 99);
    const fit = fitPiecewisePlateau(t, map(t, (x) => 4 + 3 * Math.min(x, 97)))!;
    expect(fit.limit).toBeNull();
  });

  it('models that need more points than given return null', () => {
    expect(fitSaturatingExponential([0, 1, 2], [1, 2, 3])).toBeNull();
    expect(fitPiecewisePlateau([0, 1, 2, 3], [1, 2, 3, 4])).toBeNull();
    expect(fitConstant([], [])).toBeNull();
  });
});

describe('AICc selection picks the generating model', () => {
  const cases: Array<[string, (t: number) => number]> = [
    ['constant', () => 1000],
    ['linear', (t) => 1000 + 5 * t],
    ['logarithmic', (t) => 1000 + 400 * Math.log(1 + t / 5)],
    ['saturating-exponential', (t) => 1000 + 2000 * (1 - Math.exp(-t / 300))],
    ['power', (t) => 1000 + 0.002 * (1 + t / 5) ** 2.5],
    ['piecewise-plateau', (t) => 1000 + 4 * Math.min(t, 600)],
  ];
  it.each(cases)('%s', (name, shape) => {
    // Noise of 5 units on levels of 1000–3000. AICc picks a richer nested model by chance about
    // one time in six on pure noise (its known false-positive rate), so judge 20 seeded series:
    // the generating model must win at least 14 of them, and always keep a share of the weight.
    let wins = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const s = series(300, 5, shape, 5, seed);
      const sel = selectModel(s.t, s.y);
      if (sel.best!.fit.model === name) wins++;
      expect(sel.ranked.reduce((sum, m) => sum + m.weight, 0)).toBeCloseTo(1, 9);
      expect(sel.ranked.find((m) => m.fit.model === name)!.weight).toBeGreaterThan(0.01);
    }
    expect(wins).toBeGreaterThanOrEqual(14);
  });
});
