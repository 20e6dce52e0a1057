// Black–Scholes prices against textbook values, and implied volatility by Newton's method round-tripping them.
import { describe, expect, it } from 'vitest';
import { bsDelta, bsPrice, bsVega, type OptionSpec } from '../../../workers/indicators/black-scholes.js';
import { impliedVol } from '../../../workers/indicators/implied-vol.js';
import { normCdf, normInv } from '../../../workers/indicators/normal.js';

describe('standard normal', () => {
  it('matches known CDF values', () => {
    expect(normCdf(0)).toBeCloseTo(0.5, 15);
    expect(normCdf(1.96)).toBeCloseTo(0.9750021048517795, 13);
    expect(normCdf(-1)).toBeCloseTo(0.15865525393145707, 13);
    expect(normCdf(-8) / 6.22096057427178e-16).toBeCloseTo(1, 7); // Hart's algorithm: ~1e-8 relative far in the tail
  });

  it('inverts the CDF to machine precision', () => {
    for (const p of [1e-12, 1e-6, 0.001, 0.025, 0.3, 0.5, 0.77, 0.975, 0.999999]) expect(normCdf(normInv(p))).toBeCloseTo(p, 14);
    expect(normInv(0.975)).toBeCloseTo(1.959963984540054, 12);
  });
});

const atm: OptionSpec = { kind: 'call', spot: 100, strike: 100, years: 1, rate: 0.05 };

describe('Black–Scholes', () => {
  it('prices the textbook example (S = K = 100, T = 1, r = 5 %, σ = 20 %)', () => {
    expect(bsPrice(atm, 0.2)).toBeCloseTo(10.450583572185565, 10);
    expect(bsPrice({ ...atm, kind: 'put' }, 0.2)).toBeCloseTo(5.573526022256971, 10);
    expect(bsDelta(atm, 0.2)).toBeCloseTo(0.6368306511756191, 12);
    expect(bsVega(atm, 0.2)).toBeCloseTo(37.52403469169379, 9);
  });

  it('satisfies put–call parity', () => {
    for (const strike of [60, 95, 130]) {
      const call = bsPrice({ ...atm, strike }, 0.35);
      const put = bsPrice({ ...atm, strike, kind: 'put' }, 0.35);
      expect(call - put).toBeCloseTo(100 - strike * Math.exp(-0.05), 10);
    }
  });
});

describe('implied volatility (Newton)', () => {
  it('round-trips prices across strikes, expiries and volatilities', () => {
    for (const kind of ['call', 'put'] as const) {
      for (const strike of [50, 80, 100, 120, 200]) {
        for (const years of [1 / 365, 7 / 365, 0.25, 2]) {
          for (const sigma of [0.05, 0.3, 0.9, 2.5]) {
            const spec: OptionSpec = { kind, spot: 100, strike, years, rate: 0.01 };
            const price = bsPrice(spec, sigma);
            const intrinsic = Math.max(kind === 'call' ? 100 - strike * Math.exp(-0.01 * years) : strike * Math.exp(-0.01 * years) - 100, 0);
            if (price - intrinsic < 1e-8) continue; // no time value left to quote: IV is not identified
            expect(Math.abs(impliedVol(spec, price) - sigma), `${kind} K=${strike} T=${years} σ=${sigma}`).toBeLessThan(1e-6);
          }
        }
      }
    }
  });

  it('rejects prices outside the no-arbitrage bounds', () => {
    expect(impliedVol(atm, 0)).toBeNaN();
    expect(impliedVol(atm, 101)).toBeNaN();
    expect(impliedVol({ ...atm, strike: 50 }, 50 - 50 * Math.exp(-0.05) - 0.01)).toBeNaN();
  });
});
