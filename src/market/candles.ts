// OHLCV candles from a mid-price path. Trades print at the bid or the ask (random side), so closes carry bid–ask bounce
// of the symbol's spread (what Roll's estimator measures); highs sit at an ask and lows at a bid (what Corwin–Schultz
// measures). The intra-candle extremes are drawn from the exact distribution of a Brownian bridge's maximum and minimum
// between the two mids, M = (a + b + √((b − a)² − 2σ²·ln U)) / 2, so the candles stay consistent with a martingale
// mid (no free edge in the wicks).
// Volume: a per-symbol base × regime^0.7 × activity (rises with |return|) × log-normal noise, ×5 on planted breakouts.
import { Rng } from '../../workers/indicators/prng.js';

export interface CandleArrays {
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

export interface CandleSettings {
  /** Relative bid–ask spread (0.001 = 10 bp). */
  spread: number;
  /** Per-candle volatility at volume scale 1. */
  baseVol: number;
  /** Mean volume per candle, in units of the symbol. */
  baseVolume: number;
  /** The last `surgeCandles` candles trade five times the usual volume. */
  surgeCandles: number;
}

export function buildCandles(logMid: Float64Array, volScale: Float64Array, settings: CandleSettings, rng: Rng): CandleArrays {
  const n = logMid.length;
  const out: CandleArrays = {
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  const half = settings.spread / 2;
  let previousClose = Math.exp(logMid[0] as number);
  for (let t = 0; t < n; t++) {
    const v = volScale[t] as number;
    const sigma = settings.baseVol * v;
    const previousMid = (t > 0 ? logMid[t - 1] : logMid[0]) as number;
    const mid = logMid[t] as number;
    const close = Math.exp(mid) * (1 + (rng.uniform() < 0.5 ? -half : half));
    const open = t > 0 ? previousClose : close;
    const top = Math.exp(bridgeExtreme(previousMid, mid, sigma, rng.uniform(), 1)) * (1 + half);
    const bottom = Math.exp(bridgeExtreme(previousMid, mid, sigma, rng.uniform(), -1)) * (1 - half);
    out.open[t] = open;
    out.close[t] = close;
    out.high[t] = Math.max(top, open, close);
    out.low[t] = Math.min(bottom, open, close);
    // E|ΔlogMid| ≈ 0.8·σ, so the activity factor averages about 1.
    const activity = (1 + (1.5 * Math.abs(mid - previousMid)) / sigma) / (1 + 1.5 * 0.8);
    const surge = t >= n - settings.surgeCandles ? 5 : 1;
    out.volume[t] = settings.baseVolume * v ** 0.7 * activity * Math.exp(0.35 * rng.normal() - 0.06) * surge;
    previousClose = close;
  }
  return out;
}

/** Maximum (side 1) or minimum (side −1) of a Brownian bridge from a to b with variance σ², by inversion at u. */
function bridgeExtreme(a: number, b: number, sigma: number, u: number, side: 1 | -1): number {
  const spread = Math.sqrt((b - a) ** 2 - 2 * sigma * sigma * Math.log(1 - u));
  return (a + b + side * spread) / 2;
}
