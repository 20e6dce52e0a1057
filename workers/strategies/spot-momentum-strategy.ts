// spot_momentum_strategy — multi-horizon time-series momentum across the universe.
//
// Method, per symbol, on its candles:
//   1. Indicators: RSI(14) (Wilder), MACD(12, 26, 9) histogram, rate of change over 12, 48 and 144 candles, EWMA
//      volatility σ_t (span 96).
//   2. Composite signal s_t = mean of three roughly unit-scale parts:
//        roc  = mean over h of ln(P_t / P_{t−h}) / (σ_t·√h)      (vol-normalised rate of change)
//        rsi  = (RSI_t − 50) / 15
//        macd = histogram_t / (P_t·σ_t·√26)
//   3. Calibration on the symbol's own history: regress the forward H = 12-candle log return on s_t over
//      non-overlapping samples → slope b and its t-ratio. Momentum means b > 0; a symbol whose history shows no (or
//      reversed) momentum gets no trade.
//   4. Trade now: expected log return E = b·s_now, side = sign(E); stop 2·σ·√H away, target at E.
//      Confidence from the t-ratio (one-sided, family-wise over the symbols tested; see support/confidence.ts).
// Parameters: RSI 14, MACD 12/26/9, ROC horizons 12/48/144, σ span 96, horizon H = 12 candles, stop 2σ√H.
import type { Opportunity } from '../../machines/opportunity.js';
import { ewmaVol, logPrices } from '../indicators/ewma-vol.js';
import { macd } from '../indicators/macd.js';
import { rsi } from '../indicators/rsi.js';
import type { SymbolSeries } from '../market-data.js';
import type { StopCheck, StrategyDefinition } from '../strategy-types.js';
import { confidenceFromZ } from './support/confidence.js';
import { formatHorizon } from './support/horizon.js';
import { runPerSymbol, type SymbolContext } from './support/per-symbol.js';
import { calibrateSignal } from './support/signal-calibration.js';

const ID = 'spot_momentum_strategy';
const ROC_HORIZONS = [12, 48, 144];
const HORIZON = 12;
const VOL_SPAN = 96;
const STOP_SIGMAS = 2;

interface MomentumSeries {
  signal: Float64Array;
  vol: Float64Array;
  logClose: Float64Array;
}

/** The composite momentum signal of one symbol at every candle (NaN during warm-up); null if stopped. */
export function momentumSignal(s: SymbolSeries, shouldStop: StopCheck = () => false): MomentumSeries | null {
  const close = s.close;
  const n = close.length;
  const logClose = logPrices(close);
  const vol = ewmaVol(close, VOL_SPAN);
  if (shouldStop()) return null;
  const strength = rsi(close, 14);
  const histogram = macd(close, 12, 26, 9).histogram;
  if (shouldStop()) return null;
  const signal = new Float64Array(n).fill(Number.NaN);
  const warmUp = Math.max(...ROC_HORIZONS, VOL_SPAN);
  for (let t = warmUp; t < n; t++) {
    const sigma = vol[t] as number;
    if (!(sigma > 0)) continue;
    let roc = 0;
    for (const h of ROC_HORIZONS) roc += ((logClose[t] as number) - (logClose[t - h] as number)) / (sigma * Math.sqrt(h));
    const rsiPart = ((strength[t] as number) - 50) / 15;
    const macdPart = (histogram[t] as number) / ((close[t] as number) * sigma * Math.sqrt(26));
    signal[t] = (roc / ROC_HORIZONS.length + rsiPart + macdPart) / 3;
  }
  return { signal, vol, logClose };
}

function evaluate(s: SymbolSeries, { tests, intervalMs, shouldStop }: SymbolContext): Opportunity | null {
  const n = s.close.length;
  if (n < 400) return null;
  const series = momentumSignal(s, shouldStop);
  if (!series || shouldStop()) return null;
  const calibration = calibrateSignal(series.signal, series.logClose, HORIZON, 0, n);
  const now = series.signal[n - 1] as number;
  if (!calibration || !(calibration.slope > 0) || !Number.isFinite(now)) return null;
  const expected = calibration.slope * now;
  const side = expected >= 0 ? 'long' : 'short';
  const entry = s.close[n - 1] as number;
  const sigma = (series.vol[n - 1] as number) * Math.sqrt(HORIZON);
  const direction = side === 'long' ? 1 : -1;
  return {
    strategy: ID,
    symbols: [s.symbol],
    side,
    confidence: confidenceFromZ(calibration.tStat, tests),
    expectedReturnPct: 100 * (Math.exp(Math.abs(expected)) - 1),
    riskPct: 100 * (1 - Math.exp(-STOP_SIGMAS * sigma)),
    horizon: formatHorizon(HORIZON * intervalMs),
    entry,
    stop: entry * Math.exp(-direction * STOP_SIGMAS * sigma),
    target: entry * Math.exp(expected),
    rationale:
      `composite momentum ${now.toFixed(2)} (RSI, MACD, ROC 12/48/144); history: forward ${HORIZON}-candle return ` +
      `rises ${(calibration.slope * 1e4).toFixed(1)} bp per unit, t = ${calibration.tStat.toFixed(1)} over ${calibration.samples} samples`,
  };
}

export const spotMomentumStrategy: StrategyDefinition = {
  id: ID,
  name: 'Spot momentum',
  description: 'Multi-horizon momentum (RSI, MACD, rate of change) calibrated against each symbol’s own forward returns.',
  inputs: ['close'],
  run: (market, params, shouldStop: StopCheck) => runPerSymbol(market, params, shouldStop, evaluate),
};
