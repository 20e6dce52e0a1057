// spot_breakout_strategy — Donchian channel breakout confirmed by volume, with ATR-based stop and target.
//
// Method, per symbol:
//   1. Donchian channel over N = 96 candles (highest high / lowest low, the current candle included), ATR(14) (Wilder).
//   2. A breakout is a close beyond the previous candle's channel within the last 3 candles (long above the upper band,
//      short below the lower band). Its strength is two z-scores combined (Stouffer, divided by √2):
//        move   = ln(P_now / P_before) / (σ·√k) — the move since the last close inside the channel, k candles ago,
//                 against the per-candle volatility σ of the channel window;
//        volume = (mean ln volume of the breakout candles − mean ln volume of the window) / sd of ln volume.
//      Confidence from that z, family-wise over symbols × 3 candles × 2 directions.
//   3. Stop = entry ∓ 2·ATR, target = entry ± 4·ATR (2 R).
//   4. Expected return from the symbol's own history: every past volume-confirmed breakout (close beyond the channel,
//      volume ≥ 2× the window mean) is replayed with the same stop/target for up to 96 candles; the mean R-multiple,
//      shrunk toward 0 with a prior worth 10 trades, times the stop distance. A market with no follow-through gives ≈ 0.
import type { Opportunity, Side } from '../../machines/opportunity.js';
import { atr } from '../indicators/atr.js';
import { channelAt, donchian, type DonchianSeries } from '../indicators/donchian.js';
import { mean, stdev } from '../indicators/moments.js';
import type { SymbolSeries } from '../market-data.js';
import type { StopCheck, StrategyDefinition } from '../strategy-types.js';
import { confidenceFromZ } from './support/confidence.js';
import { formatHorizon } from './support/horizon.js';
import { runPerSymbol, type SymbolContext } from './support/per-symbol.js';

const ID = 'spot_breakout_strategy';
const CHANNEL = 96;
const RECENT = 3;
const STOP_ATR = 2;
const TARGET_ATR = 4;
const MAX_HOLD = 96;
const PRIOR_TRADES = 10;

interface Breakout {
  side: Side;
  /** Index of the first candle that closed beyond the channel. */
  start: number;
}

/**
 * A breakout still in force: the earliest of the last RECENT candles that closed beyond the channel as it stood just
 * before it, with every close since then still beyond that level.
 */
export function findBreakout(s: SymbolSeries): Breakout | null {
  const n = s.close.length;
  for (let start = n - RECENT; start < n; start++) {
    const { upper, lower } = channelAt(s.high, s.low, start - 1, CHANNEL);
    let above = true;
    let below = true;
    for (let t = start; t < n; t++) {
      above &&= (s.close[t] as number) > upper;
      below &&= (s.close[t] as number) < lower;
    }
    if (above) return { side: 'long', start };
    if (below) return { side: 'short', start };
  }
  return null;
}

function strengthZ(s: SymbolSeries, b: Breakout): number {
  const n = s.close.length;
  const windowFrom = b.start - CHANNEL;
  const logReturns = Float64Array.from({ length: CHANNEL - 1 }, (_, i) =>
    Math.log((s.close[windowFrom + i + 1] as number) / (s.close[windowFrom + i] as number)));
  const k = n - b.start;
  const direction = b.side === 'long' ? 1 : -1;
  const move = (direction * Math.log((s.close[n - 1] as number) / (s.close[b.start - 1] as number))) / (stdev(logReturns) * Math.sqrt(k));
  const logVolume = Float64Array.from({ length: CHANNEL }, (_, i) => Math.log(Math.max(s.volume[windowFrom + i] as number, 1e-12)));
  const recent = Float64Array.from({ length: k }, (_, i) => Math.log(Math.max(s.volume[b.start + i] as number, 1e-12)));
  const volume = ((mean(recent) - mean(logVolume)) / stdev(logVolume)) * Math.sqrt(k);
  return (move + volume) / Math.SQRT2;
}

/** Mean R-multiple of past volume-confirmed breakouts in `side`'s direction, shrunk toward 0; and the trade count. */
export function historicalEdge(s: SymbolSeries, channel: DonchianSeries, range: Float64Array, side: Side, shouldStop: StopCheck): { meanR: number; trades: number } {
  const n = s.close.length;
  const direction = side === 'long' ? 1 : -1;
  let sumR = 0;
  let trades = 0;
  let volumeSum = 0;
  for (let t = 0; t < CHANNEL; t++) volumeSum += s.volume[t] as number;
  for (let t = CHANNEL; t < n - RECENT; t++) {
    if (t % 2048 === 0 && shouldStop()) break;
    const c = s.close[t] as number;
    const beyond = direction > 0 ? c > (channel.upper[t - 1] as number) : c < (channel.lower[t - 1] as number);
    if (beyond && (s.volume[t] as number) >= (2 * volumeSum) / CHANNEL && (range[t] as number) > 0) {
      sumR += replay(s, t, direction, range[t] as number);
      trades++;
    }
    volumeSum += (s.volume[t] as number) - (s.volume[t - CHANNEL] as number);
  }
  return { meanR: sumR / (trades + PRIOR_TRADES), trades };
}

/** R-multiple of one trade entered at close t: +2 at target, −1 at stop, mark-to-market after MAX_HOLD candles. */
function replay(s: SymbolSeries, t: number, direction: number, atrAtEntry: number): number {
  const entry = s.close[t] as number;
  const risk = STOP_ATR * atrAtEntry;
  const end = Math.min(t + MAX_HOLD, s.close.length - 1);
  for (let k = t + 1; k <= end; k++) {
    const adverse = direction > 0 ? entry - (s.low[k] as number) : (s.high[k] as number) - entry;
    if (adverse >= risk) return -1;
    const favourable = direction > 0 ? (s.high[k] as number) - entry : entry - (s.low[k] as number);
    if (favourable >= TARGET_ATR * atrAtEntry) return TARGET_ATR / STOP_ATR;
  }
  return (direction * ((s.close[end] as number) - entry)) / risk;
}

function evaluate(s: SymbolSeries, { tests, intervalMs, shouldStop }: SymbolContext): Opportunity | null {
  const n = s.close.length;
  if (n < 2 * CHANNEL + RECENT) return null;
  const breakout = findBreakout(s);
  if (!breakout) return null;
  const channel = donchian(s.high, s.low, CHANNEL);
  if (shouldStop()) return null;
  const range = atr(s.high, s.low, s.close, 14);
  const edge = historicalEdge(s, channel, range, breakout.side, shouldStop);
  const entry = s.close[n - 1] as number;
  const averageRange = range[n - 1] as number;
  const direction = breakout.side === 'long' ? 1 : -1;
  const riskPct = (100 * STOP_ATR * averageRange) / entry;
  const z = strengthZ(s, breakout);
  return {
    strategy: ID,
    symbols: [s.symbol],
    side: breakout.side,
    confidence: confidenceFromZ(z, tests * RECENT * 2),
    expectedReturnPct: edge.meanR * riskPct,
    riskPct,
    horizon: formatHorizon(MAX_HOLD * intervalMs),
    entry,
    stop: entry - direction * STOP_ATR * averageRange,
    target: entry + direction * TARGET_ATR * averageRange,
    rationale:
      `close ${breakout.side === 'long' ? 'above' : 'below'} the ${CHANNEL}-candle Donchian channel, strength z ${z.toFixed(1)} ` +
      `(move and volume); ATR ${averageRange.toPrecision(4)}; ${edge.trades} past volume-confirmed breakouts, mean ${edge.meanR.toFixed(2)} R (shrunk)`,
  };
}

export const spotBreakoutStrategy: StrategyDefinition = {
  id: ID,
  name: 'Spot breakout',
  description: 'Donchian-channel breakouts confirmed by a volume surge, with ATR stop and target and a history-based edge.',
  inputs: ['high', 'low', 'close', 'volume'],
  run: (market, params, shouldStop: StopCheck) => runPerSymbol(market, params, shouldStop, evaluate),
};
