// Option quotes on one underlying at the last candle, priced with Black–Scholes (r = 0, the crypto convention) from an
// implied-volatility surface:
//   ATM variance over T days: σ²_atm(T) = (σ²_lr + (σ²_now − σ²_lr)·(1 − e^{−T/τ})/(T/τ))·(1 + vrp)², τ = 1.5 days
//     (the mean stay of a volatility regime), so short expiries follow the current regime and long ones the long run;
//   smile: σ(K, T) = σ_atm(T)·(1 − 0.08·x + 0.03·x²), x = ln(K/S)/(σ_atm·√T) clamped to ±3 (put skew, some curvature);
//   vrp, the volatility risk premium, is about +8 % normally, +50 % for `rich` and −30 % for `cheap` symbols.
// Mids carry 0.2 % noise and never fall below intrinsic value.
import { bsPrice, type OptionKind } from '../../workers/indicators/black-scholes.js';
import { Rng } from '../../workers/indicators/prng.js';
import type { OptionChainInput } from './build-market.js';

export const EXPIRIES_DAYS = [1, 3, 7, 14, 30, 60];
const STRIKE_STEPS = 8;
const STRIKE_SPACING = 0.05;
const REGIME_DAYS = 1.5;

export interface SurfaceInputs {
  asOf: number;
  spot: number;
  /** Annualised volatility of the current regime, and of the long run. */
  currentVol: number;
  longRunVol: number;
  vrp: number;
}

export function atmVol(inputs: SurfaceInputs, days: number): number {
  const decay = (1 - Math.exp(-days / REGIME_DAYS)) / (days / REGIME_DAYS);
  const variance = inputs.longRunVol ** 2 + (inputs.currentVol ** 2 - inputs.longRunVol ** 2) * decay;
  return Math.sqrt(variance) * (1 + inputs.vrp);
}

export function buildOptionChain(inputs: SurfaceInputs, rng: Rng): OptionChainInput {
  const strikes = Array.from({ length: 2 * STRIKE_STEPS + 1 }, (_, k) => inputs.spot * Math.exp(STRIKE_SPACING * (k - STRIKE_STEPS)));
  const callMid: number[] = [];
  const putMid: number[] = [];
  for (const days of EXPIRIES_DAYS) {
    const years = days / 365;
    const atm = atmVol(inputs, days);
    for (const strike of strikes) {
      const x = Math.max(-3, Math.min(3, Math.log(strike / inputs.spot) / (atm * Math.sqrt(years))));
      const sigma = Math.max(atm * (1 - 0.08 * x + 0.03 * x * x), 0.05);
      callMid.push(quote('call', inputs.spot, strike, years, sigma, rng));
      putMid.push(quote('put', inputs.spot, strike, years, sigma, rng));
    }
  }
  return { asOf: inputs.asOf, spot: inputs.spot, expiriesDays: EXPIRIES_DAYS, strikes, callMid, putMid };
}

function quote(kind: OptionKind, spot: number, strike: number, years: number, sigma: number, rng: Rng): number {
  const fair = bsPrice({ kind, spot, strike, years, rate: 0 }, sigma);
  const intrinsic = kind === 'call' ? Math.max(spot - strike, 0) : Math.max(strike - spot, 0);
  return Math.max(fair * (1 + 0.002 * rng.normal()), intrinsic + 1e-9 * spot);
}
