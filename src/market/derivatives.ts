// Perpetual-futures mark price and funding rate for one symbol.
//   funding f_t (per 8 h): Ornstein–Uhlenbeck around the symbol's mean (0.01 %/8 h typical, higher for `rich`, below zero
//     for `negative`), one-day half-life, 0.008 % stationary sd;
//   basis b_t = ln(perp/spot): OU around 3 × the funding mean (the premium that funding pays for), four-hour half-life,
//     0.06 % stationary sd. perp_t = mid_t · e^{b_t}.
import { Rng } from '../../workers/indicators/prng.js';

export type FundingKind = 'normal' | 'rich' | 'negative';

export interface PerpArrays {
  perp: Float64Array;
  funding: Float64Array;
}

const FUNDING_MEAN: Record<FundingKind, number> = { normal: 0.0001, rich: 0.0006, negative: -0.0003 };

export function buildPerp(logMid: Float64Array, intervalMs: number, kind: FundingKind, rng: Rng): PerpArrays {
  const n = logMid.length;
  const candlesPerHour = 3_600_000 / intervalMs;
  const fundingMean = FUNDING_MEAN[kind] + 0.00003 * rng.normal();
  const funding = ouPath(n, fundingMean, 0.00008, 24 * candlesPerHour, rng);
  const basis = ouPath(n, 3 * fundingMean, 0.0006, 4 * candlesPerHour, rng);
  const perp = new Float64Array(n);
  for (let t = 0; t < n; t++) perp[t] = Math.exp((logMid[t] as number) + (basis[t] as number));
  return { perp, funding };
}

function ouPath(n: number, mean: number, eqSd: number, halfLife: number, rng: Rng): Float64Array {
  const phi = Math.exp(-Math.LN2 / halfLife);
  const shock = eqSd * Math.sqrt(1 - phi * phi);
  const out = new Float64Array(n);
  let x = mean + eqSd * rng.normal();
  for (let t = 0; t < n; t++) {
    x = mean + (x - mean) * phi + shock * rng.normal();
    out[t] = x;
  }
  return out;
}
