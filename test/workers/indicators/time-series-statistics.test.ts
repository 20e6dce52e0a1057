// Regression, unit-root, Ornstein–Uhlenbeck and GARCH estimators recover the parameters of series simulated with them.
import { describe, expect, it } from 'vitest';
import { adfTest, mackinnonPValue } from '../../../workers/indicators/adf.js';
import { fitGarch, garchMeanVariance } from '../../../workers/indicators/garch.js';
import { persistentMeanT } from '../../../workers/indicators/moments.js';
import { simpleOls } from '../../../workers/indicators/ols.js';
import { fitOu, ouMeanForecast } from '../../../workers/indicators/ou-fit.js';
import { Rng } from '../../../workers/indicators/prng.js';

const never = (): boolean => false;

function ar1(seed: number, n: number, phi: number, mean = 0, sd = 1): Float64Array {
  const rng = new Rng(seed);
  const x = new Float64Array(n);
  x[0] = mean;
  for (let t = 1; t < n; t++) x[t] = mean + phi * ((x[t - 1] as number) - mean) + sd * rng.normal();
  return x;
}

describe('OLS', () => {
  it('recovers intercept and slope with a sensible standard error', () => {
    const rng = new Rng(4);
    const x = Float64Array.from({ length: 2000 }, () => rng.normal());
    const y = Float64Array.from(x, (v) => 0.5 + 2 * v + 0.1 * rng.normal());
    const fit = simpleOls(x, y);
    expect(fit.intercept).toBeCloseTo(0.5, 2);
    expect(fit.slope).toBeCloseTo(2, 2);
    expect(fit.slopeSe).toBeGreaterThan(0.001);
    expect(fit.slopeSe).toBeLessThan(0.004);
    expect(fit.residualSd).toBeCloseTo(0.1, 2);
  });
});

describe('ADF test and MacKinnon p-values', () => {
  it('reproduces the published critical values (1 % and 5 %, constant, N = 1 and N = 2)', () => {
    expect(mackinnonPValue(-3.43035, 1)).toBeCloseTo(0.01, 2);
    expect(mackinnonPValue(-2.86154, 1)).toBeCloseTo(0.05, 2);
    expect(mackinnonPValue(-3.89644, 2)).toBeCloseTo(0.01, 2);
    expect(mackinnonPValue(-3.33613, 2)).toBeCloseTo(0.05, 2);
    expect(mackinnonPValue(1, 1)).toBeGreaterThan(0.95);
    expect(mackinnonPValue(-30, 2)).toBe(0);
  });

  it('rejects a unit root for a stationary AR(1) and not for a random walk', () => {
    const stationary = adfTest(ar1(1, 2000, 0.9), 2);
    expect(stationary.stat).toBeLessThan(-6);
    expect(mackinnonPValue(stationary.stat, 1)).toBeLessThan(1e-6);
    const walks = [2, 3, 4, 5, 6].map((seed) => mackinnonPValue(adfTest(ar1(seed, 2000, 1), 2).stat, 1));
    expect(walks.filter((p) => p < 0.05).length).toBeLessThanOrEqual(1);
  });
});

describe('Ornstein–Uhlenbeck fit', () => {
  it('recovers φ, half-life, mean and stationary sd', () => {
    const phi = Math.exp(-Math.LN2 / 20);
    const fit = fitOu(ar1(7, 20_000, phi, 5, 0.1));
    expect(fit.halfLife).toBeGreaterThan(16);
    expect(fit.halfLife).toBeLessThan(25);
    expect(fit.mean).toBeCloseTo(5, 1);
    expect(fit.eqSd).toBeCloseTo(0.1 / Math.sqrt(1 - phi * phi), 1);
  });

  it('forecasts the mean path toward the long-run mean', () => {
    const fit = fitOu(ar1(8, 20_000, 0.99, 0, 1));
    expect(ouMeanForecast(10, fit, 1)).toBeCloseTo(fit.mean + (10 - fit.mean) * fit.phi, 6);
    expect(Math.abs(ouMeanForecast(10, fit, 100_000) - fit.mean)).toBeLessThan(0.01);
  });

  it('reports no mean reversion for a trending series', () => {
    const trend = Float64Array.from({ length: 500 }, (_, t) => t * 0.01);
    expect(fitOu(trend).halfLife).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('persistent mean t-ratio', () => {
  it('is about N(0, 1) for zero-mean AR(1) noise and large for a shifted mean', () => {
    const ts = [11, 12, 13, 14, 15, 16, 17, 18].map((seed) => persistentMeanT(ar1(seed, 5000, 0.95), 0, 5000, 0.95));
    expect(Math.max(...ts.map(Math.abs))).toBeLessThan(3.5);
    const shifted = ar1(19, 5000, 0.95, 2, 1); // stationary sd 3.2, effective n ≈ 128: t ≈ 7
    expect(persistentMeanT(shifted, 0, 5000, 0.95)).toBeGreaterThan(5);
  });
});

describe('GARCH(1,1)', () => {
  it('recovers persistence from a simulated GARCH series and forecasts toward the long-run variance', () => {
    const rng = new Rng(21);
    const [omega, alpha, beta] = [1e-6, 0.1, 0.85];
    const r = new Float64Array(6000);
    let variance = omega / (1 - alpha - beta);
    for (let t = 0; t < r.length; t++) {
      r[t] = Math.sqrt(variance) * rng.normal();
      variance = omega + alpha * (r[t] as number) ** 2 + beta * variance;
    }
    const fit = fitGarch(r, 0, r.length, never);
    expect(fit).not.toBeNull();
    expect((fit?.alpha ?? 0) + (fit?.beta ?? 0)).toBeGreaterThan(0.88);
    expect(fit?.alpha).toBeGreaterThanOrEqual(0.04);
    const longRun = garchMeanVariance(fit as NonNullable<typeof fit>, 1e6);
    expect(longRun / (fit?.longRunVariance ?? 1)).toBeCloseTo(1, 2);
  });
});
