// spot_mean_reversion — Bollinger z-score entries, sized and timed by an Ornstein–Uhlenbeck fit.
//
// Method, per symbol:
//   1. Bollinger Bands (20, 2) on closes: z = (P − middle) / sd (population sd of the window).
//   2. Over the last W = 2880 candles of log price x: ADF test with 3 lags (is x mean-reverting at all? MacKinnon p-value,
//      N = 1) and an OU fit through AR(1): φ, half-life HL = ln 2 / −ln φ, long-run mean μ, stationary sd σ_eq.
//   3. Entry when |z| ≥ 2, price on the far side of μ, and 2 ≤ HL ≤ W/8 candles.
//   4. Horizon H = 2·HL (clamped to 6…288 candles). Expected log move E = (μ − x)·(1 − 2^{−H/HL}); target μ; stop
//      1.5·σ_eq further away from μ. Confidence from the ADF p-value (as a z, family-wise over symbols tested).
//   The rationale also reports how often past |z| ≥ 2 excursions in the window were back at the middle band within H.
import type { Opportunity } from '../../machines/opportunity.js';
import { adfTest, mackinnonPValue } from '../indicators/adf.js';
import { bollinger } from '../indicators/bollinger.js';
import { logPrices } from '../indicators/ewma-vol.js';
import { fitOu, type OuFit } from '../indicators/ou-fit.js';
import type { SymbolSeries } from '../market-data.js';
import type { StopCheck, StrategyDefinition } from '../strategy-types.js';
import { confidenceFromZ, zFromPValue } from './support/confidence.js';
import { formatHorizon } from './support/horizon.js';
import { runPerSymbol, type SymbolContext } from './support/per-symbol.js';

const ID = 'spot_mean_reversion';
const BAND_PERIOD = 20;
const BAND_K = 2;
const WINDOW = 2880;
const ADF_LAGS = 3;
const STOP_SDS = 1.5;

/** Fraction of |z| ≥ 2 excursions in [from, to) that touched the middle band within `horizon` candles. */
export function reversionHitRate(close: Float64Array, middle: Float64Array, sd: Float64Array, from: number, to: number, horizon: number): number {
  let events = 0;
  let hits = 0;
  for (let t = from; t + horizon < to; t++) {
    const z = ((close[t] as number) - (middle[t] as number)) / (sd[t] as number);
    if (!(Math.abs(z) >= BAND_K)) continue;
    events++;
    for (let k = 1; k <= horizon; k++) {
      if (Math.sign((close[t + k] as number) - (middle[t + k] as number)) !== Math.sign(z)) {
        hits++;
        break;
      }
    }
    t += horizon; // count each excursion once
  }
  return events > 0 ? hits / events : Number.NaN;
}

function evaluate(s: SymbolSeries, { tests, intervalMs, shouldStop }: SymbolContext): Opportunity | null {
  const n = s.close.length;
  if (n < 200) return null;
  const from = Math.max(0, n - WINDOW);
  const bands = bollinger(s.close.subarray(from), BAND_PERIOD, BAND_K);
  const last = n - from - 1;
  const z = ((s.close[n - 1] as number) - (bands.middle[last] as number)) / (bands.sd[last] as number);
  if (!(Math.abs(z) >= BAND_K) || shouldStop()) return null;
  const x = logPrices(s.close.subarray(from));
  const ou = fitOu(x);
  const xNow = x[last] as number;
  if (!(ou.halfLife >= 2 && ou.halfLife <= (n - from) / 8) || Math.sign(ou.mean - xNow) !== -Math.sign(z)) return null;
  const adf = adfTest(x, ADF_LAGS);
  if (shouldStop()) return null;
  const horizon = Math.min(Math.max(Math.round(2 * ou.halfLife), 6), 288);
  const hitRate = reversionHitRate(s.close.subarray(from), bands.middle, bands.sd, BAND_PERIOD, last, horizon);
  return opportunity(s, { z, ou, xNow, horizon, adfStat: adf.stat, hitRate }, tests, intervalMs);
}

interface Reading {
  z: number;
  ou: OuFit;
  xNow: number;
  horizon: number;
  adfStat: number;
  hitRate: number;
}

function opportunity(s: SymbolSeries, r: Reading, tests: number, intervalMs: number): Opportunity {
  const entry = s.close[s.close.length - 1] as number;
  const gap = r.ou.mean - r.xNow;
  const expected = gap * (1 - 2 ** (-r.horizon / r.ou.halfLife));
  const direction = Math.sign(gap);
  const hit = Number.isNaN(r.hitRate) ? 'no past excursions' : `${Math.round(100 * r.hitRate)} % of past excursions reverted`;
  return {
    strategy: ID,
    symbols: [s.symbol],
    side: direction > 0 ? 'long' : 'short',
    confidence: confidenceFromZ(zFromPValue(mackinnonPValue(r.adfStat, 1)), tests),
    expectedReturnPct: 100 * (Math.exp(Math.abs(expected)) - 1),
    riskPct: 100 * (1 - Math.exp(-STOP_SDS * r.ou.eqSd)),
    horizon: formatHorizon(r.horizon * intervalMs),
    entry,
    stop: entry * Math.exp(-direction * STOP_SDS * r.ou.eqSd),
    target: Math.exp(r.ou.mean),
    rationale:
      `Bollinger z ${r.z.toFixed(2)}; OU half-life ${r.ou.halfLife.toFixed(0)} candles, ADF ${r.adfStat.toFixed(2)}; ` +
      `${hit} within ${r.horizon} candles`,
  };
}

export const spotMeanReversion: StrategyDefinition = {
  id: ID,
  name: 'Spot mean reversion',
  description: 'Bollinger-band z-score entries on symbols whose price is mean-reverting (ADF), timed by the Ornstein–Uhlenbeck half-life.',
  inputs: ['close'],
  run: (market, params, shouldStop: StopCheck) => runPerSymbol(market, params, shouldStop, evaluate),
};
