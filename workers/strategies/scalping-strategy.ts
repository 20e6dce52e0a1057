// scalping_strategy — intraday VWAP deviation and a short-horizon order-flow proxy on the finest candles.
//
// Method, per symbol, on every candle t:
//   dev_t = ln(P_t / VWAP_t) / σ_t          session VWAP (UTC day, typical price), σ_t = EWMA vol of log returns (span 48)
//   ofi_t = Σ_{last 6} (2·Φ(r_k / σ_k) − 1)·v_k / Σ v_k     bulk-volume classification (Easley, López de Prado & O'Hara
//           2012): the share of each candle's volume that was buyer-initiated is estimated from its standardised return
//   Regress the forward H = 12-candle log return on [1, dev, ofi] over non-overlapping samples of the whole history.
//   Prediction now E = b_dev·dev_now + b_ofi·ofi_now, with standard error from the coefficient covariance; evidence
//   z = |E| / se(E), family-wise over 2 × symbols (either side).
//   Costs: a round trip crosses the spread once; the spread is estimated from prices (mean of the Roll and
//   Corwin–Schultz estimates over the last 7 days). Trade only if |E| exceeds it; expected return is net of it.
//   Stop 1.5·σ·√H, target at E.
import type { Opportunity } from '../../machines/opportunity.js';
import { ewmaVol } from '../indicators/ewma-vol.js';
import { MomentAccumulator } from '../indicators/moment-accumulator.js';
import { normCdf } from '../indicators/normal.js';
import { corwinSchultzSpread, rollSpread } from '../indicators/spread-estimators.js';
import { sessionVwap } from '../indicators/vwap.js';
import type { SymbolSeries } from '../market-data.js';
import type { StopCheck, StrategyDefinition } from '../strategy-types.js';
import { confidenceFromZ } from './support/confidence.js';
import { DAY_MS, candlesIn, formatHorizon } from './support/horizon.js';
import { runPerSymbol, type SymbolContext } from './support/per-symbol.js';

const ID = 'scalping_strategy';
const HORIZON = 12;
const FLOW_WINDOW = 6;
const VOL_SPAN = 48;
const STOP_SIGMAS = 1.5;
const SPREAD_WINDOW_MS = 7 * DAY_MS;

export interface ScalpFeatures {
  dev: Float64Array;
  ofi: Float64Array;
  vol: Float64Array;
}

/** Features at every candle; null if stopped. */
export function scalpFeatures(s: SymbolSeries, shouldStop: StopCheck = () => false): ScalpFeatures | null {
  const n = s.close.length;
  const vwap = sessionVwap(s.time, s.high, s.low, s.close, s.volume);
  if (shouldStop()) return null;
  const vol = ewmaVol(s.close, VOL_SPAN);
  if (shouldStop()) return null;
  const dev = new Float64Array(n).fill(Number.NaN);
  const ofi = new Float64Array(n).fill(Number.NaN);
  const signedVolume = new Float64Array(n);
  let signedSum = 0;
  let volumeSum = 0;
  for (let t = 1; t < n; t++) {
    if (t % 8192 === 0 && shouldStop()) return null;
    const sigma = vol[t] as number;
    const r = Math.log((s.close[t] as number) / (s.close[t - 1] as number));
    const v = s.volume[t] as number;
    signedVolume[t] = sigma > 0 ? (2 * normCdf(r / sigma) - 1) * v : 0;
    signedSum += signedVolume[t] as number;
    volumeSum += v;
    if (t > FLOW_WINDOW) {
      signedSum -= signedVolume[t - FLOW_WINDOW] as number;
      volumeSum -= s.volume[t - FLOW_WINDOW] as number;
    }
    if (t >= VOL_SPAN && sigma > 0) {
      dev[t] = Math.log((s.close[t] as number) / (vwap[t] as number)) / sigma;
      ofi[t] = volumeSum > 0 ? signedSum / volumeSum : 0;
    }
  }
  return { dev, ofi, vol };
}

function evaluate(s: SymbolSeries, { tests, intervalMs, shouldStop }: SymbolContext): Opportunity | null {
  const n = s.close.length;
  if (n < 500) return null;
  const f = scalpFeatures(s, shouldStop);
  if (!f || shouldStop()) return null;
  const regression = new MomentAccumulator(3);
  const row = new Float64Array([1, 0, 0]);
  for (let t = VOL_SPAN; t + HORIZON < n; t += HORIZON) {
    row[1] = f.dev[t] as number;
    row[2] = f.ofi[t] as number;
    if (!Number.isFinite(row[1]) || !Number.isFinite(row[2])) continue;
    regression.add(row, Math.log((s.close[t + HORIZON] as number) / (s.close[t] as number)));
  }
  const fit = regression.solve();
  const devNow = f.dev[n - 1] as number;
  const ofiNow = f.ofi[n - 1] as number;
  if (!fit || !Number.isFinite(devNow) || shouldStop()) return null;
  const [bDev, bOfi] = [fit.beta[1] as number, fit.beta[2] as number];
  const c = fit.covariance;
  const expected = bDev * devNow + bOfi * ofiNow;
  const se = Math.sqrt(devNow * devNow * (c[4] as number) + 2 * devNow * ofiNow * (c[5] as number) + ofiNow * ofiNow * (c[8] as number));
  const from = Math.max(0, n - candlesIn(SPREAD_WINDOW_MS, intervalMs));
  const spread = (rollSpread(s.close, from, n) + corwinSchultzSpread(s.high, s.low, from, n)) / 2;
  const net = Math.abs(expected) - spread;
  if (!(net > 0) || !(se > 0)) return null;
  const entry = s.close[n - 1] as number;
  const sigma = (f.vol[n - 1] as number) * Math.sqrt(HORIZON);
  const direction = Math.sign(expected);
  return {
    strategy: ID,
    symbols: [s.symbol],
    side: direction > 0 ? 'long' : 'short',
    confidence: confidenceFromZ(Math.abs(expected) / se, 2 * tests),
    expectedReturnPct: 100 * net,
    riskPct: 100 * (1 - Math.exp(-STOP_SIGMAS * sigma)),
    horizon: formatHorizon(HORIZON * intervalMs),
    entry,
    stop: entry * Math.exp(-direction * STOP_SIGMAS * sigma),
    target: entry * Math.exp(expected),
    rationale:
      `price ${devNow.toFixed(2)} σ from session VWAP, order-flow imbalance ${ofiNow.toFixed(2)}; history predicts ` +
      `${(expected * 1e4).toFixed(1)} bp over ${HORIZON} candles (t ${(expected / se).toFixed(1)}), spread cost ${(spread * 1e4).toFixed(1)} bp`,
  };
}

export const scalpingStrategy: StrategyDefinition = {
  id: ID,
  name: 'Scalping',
  description: 'Intraday VWAP deviation and bulk-volume order-flow imbalance, calibrated on the symbol’s candles, net of the estimated spread.',
  inputs: ['time', 'high', 'low', 'close', 'volume'],
  run: (market, params, shouldStop: StopCheck) => runPerSymbol(market, params, shouldStop, evaluate),
};
