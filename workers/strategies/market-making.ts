// market_making — spread and volatility from prices, Avellaneda–Stoikov quotes, checked by replaying them on history.
//
// Method, per symbol (all prices relative, so one lot is one unit of notional):
//   1. Over the last day: effective spread ŝ = mean of Roll (1984) and Corwin–Schultz (2012) estimates; per-candle
//      volatility σ² = var(r) + 2·cov(r_t, r_{t−1}) (Roll's correction removes the bid–ask bounce from the variance).
//   2. Order-arrival intensity λ(δ) = A·e^{−kδ}: for quote distances δ_m = m·σ/4 (m = 1…12), the share of candles whose
//      range reached mid_{t−1}·(1 ± δ) on each side; OLS of ln(share) on δ gives k.
//   3. Avellaneda & Stoikov (2008), with horizon τ = 12 candles and inventory q (lots):
//        reservation r = mid·(1 − q·γ·σ²·τ),   half spread = γ·σ²·τ/2 + ln(1 + γ/k)/γ.
//      γ is swept over k·{0.01, 0.03, 0.1, 0.3, 1, 3}.
//   4. Replay on the whole history for each γ: each candle quotes around the previous close; a bid (ask) fills when the
//      candle's low (high) reaches it, one lot per fill, inventory capped at ±5 lots, 1 bp maker fee per fill, marked to
//      market at every close.
//      The γ with the best P&L Sharpe is kept. Evidence z = t-ratio of its mean P&L per τ-block (non-overlapping),
//      family-wise over symbols × 6 values of γ.
//   5. Opportunity (side neutral): entry = today's bid, target = today's ask, stop = bid − 3σ√τ; expected return and
//      risk are the replay's mean and sd of P&L per τ-block, in % of one lot. The current inventory comes from the
//      portfolio (holding ÷ lot size, lot = 1 % of the mean candle volume).
import type { Opportunity } from '../../machines/opportunity.js';
import { simpleOls } from '../indicators/ols.js';
import { corwinSchultzSpread, rollSpread } from '../indicators/spread-estimators.js';
import type { SymbolSeries } from '../market-data.js';
import type { StopCheck, StrategyDefinition } from '../strategy-types.js';
import { confidenceFromZ } from './support/confidence.js';
import { DAY_MS, candlesIn, formatHorizon } from './support/horizon.js';
import { runPerSymbol, type SymbolContext } from './support/per-symbol.js';

const ID = 'market_making';
const TAU = 12;
const GAMMA_SCALES = [0.01, 0.03, 0.1, 0.3, 1, 3];
const MAX_INVENTORY = 5;
const MAKER_FEE = 0.0001;

export interface MicrostructureEstimate {
  spread: number;
  sigma: number;
  k: number;
}

export function estimateMicrostructure(s: SymbolSeries, from: number, to: number): MicrostructureEstimate {
  const spread = (rollSpread(s.close, from, to) + corwinSchultzSpread(s.high, s.low, from, to)) / 2;
  let sum = 0;
  let sumSq = 0;
  let sumLag = 0;
  let previous = Number.NaN;
  let count = 0;
  for (let t = from + 1; t < to; t++) {
    const r = Math.log((s.close[t] as number) / (s.close[t - 1] as number));
    sum += r;
    sumSq += r * r;
    if (!Number.isNaN(previous)) sumLag += r * previous;
    previous = r;
    count++;
  }
  const m = sum / count;
  const variance = sumSq / count - m * m;
  const sigma = Math.sqrt(Math.max(variance + 2 * (sumLag / Math.max(count - 1, 1) - m * m), 0.25 * variance));
  return { spread, sigma, k: arrivalDecay(s, from, to, sigma) };
}

/** k of λ(δ) = A·e^{−kδ}, from how often candles reached quotes at increasing distances. */
function arrivalDecay(s: SymbolSeries, from: number, to: number, sigma: number): number {
  const deltas: number[] = [];
  const logShares: number[] = [];
  for (let m = 1; m <= 12; m++) {
    const delta = (m * sigma) / 4;
    let hits = 0;
    for (let t = from + 1; t < to; t++) {
      const ref = s.close[t - 1] as number;
      if ((s.high[t] as number) >= ref * (1 + delta)) hits++;
      if ((s.low[t] as number) <= ref * (1 - delta)) hits++;
    }
    if (hits > 0) {
      deltas.push(delta);
      logShares.push(Math.log(hits / (2 * (to - from - 1))));
    }
  }
  const k = deltas.length >= 3 ? -simpleOls(deltas, logShares).slope : Number.NaN;
  return k > 0 ? k : 2 / Math.max(sigma, 1e-9);
}

export interface Quotes {
  bid: number;
  ask: number;
}

export function avellanedaStoikov(mid: number, inventory: number, gamma: number, est: MicrostructureEstimate): Quotes {
  const risk = gamma * est.sigma * est.sigma * TAU;
  const reservation = mid * (1 - inventory * risk);
  const half = risk / 2 + Math.log(1 + gamma / est.k) / gamma;
  return { bid: reservation - mid * half, ask: reservation + mid * half };
}

export interface ReplayResult {
  gamma: number;
  meanPnl: number;
  sdPnl: number;
  tStat: number;
  fills: number;
}

/** Replays the quotes over [from, to), returning P&L statistics per τ-block in units of one lot's starting notional. */
export function replay(s: SymbolSeries, from: number, to: number, gamma: number, est: MicrostructureEstimate): ReplayResult {
  const lotPrice = s.close[from] as number; // a lot is a fixed quantity: one unit of notional at the start
  let cash = 0;
  let inventory = 0;
  let fills = 0;
  let blockStart = 0;
  const blocks: number[] = [];
  for (let t = from + 1; t < to; t++) {
    const ref = s.close[t - 1] as number;
    const q = avellanedaStoikov(ref, inventory, gamma, est);
    if ((s.low[t] as number) <= q.bid && inventory < MAX_INVENTORY) {
      inventory++;
      cash -= (q.bid * (1 + MAKER_FEE)) / lotPrice;
      fills++;
    }
    if ((s.high[t] as number) >= q.ask && inventory > -MAX_INVENTORY) {
      inventory--;
      cash += (q.ask * (1 - MAKER_FEE)) / lotPrice;
      fills++;
    }
    if ((t - from) % TAU === 0) {
      const value = cash + (inventory * (s.close[t] as number)) / lotPrice;
      blocks.push(value - blockStart);
      blockStart = value;
    }
  }
  return { gamma, fills, ...blockStats(blocks) };
}

function blockStats(blocks: number[]): { meanPnl: number; sdPnl: number; tStat: number } {
  const n = blocks.length;
  if (n < 10) return { meanPnl: 0, sdPnl: 0, tStat: 0 };
  const meanPnl = blocks.reduce((a, b) => a + b, 0) / n;
  const sdPnl = Math.sqrt(blocks.reduce((a, b) => a + (b - meanPnl) ** 2, 0) / (n - 1));
  return { meanPnl, sdPnl, tStat: sdPnl > 0 ? meanPnl / (sdPnl / Math.sqrt(n)) : 0 };
}

function evaluate(s: SymbolSeries, { tests, intervalMs, params, shouldStop }: SymbolContext): Opportunity | null {
  const holding = params.portfolio[s.symbol] ?? 0;
  const n = s.close.length;
  const day = Math.min(candlesIn(DAY_MS, intervalMs), n - 1);
  if (n < 20 * TAU) return null;
  const est = estimateMicrostructure(s, n - day, n);
  let best: ReplayResult | null = null;
  for (const scale of GAMMA_SCALES) {
    if (shouldStop()) return null;
    const result = replay(s, 0, n, scale * est.k, est);
    if (!best || result.tStat > best.tStat) best = result;
  }
  if (!best || !(best.meanPnl > 0)) return null;
  let meanVolume = 0;
  for (let t = n - day; t < n; t++) meanVolume += (s.volume[t] as number) / day;
  const lot = Math.max(meanVolume / 100, 1e-12);
  const inventory = Math.max(-MAX_INVENTORY, Math.min(MAX_INVENTORY, Math.round(holding / lot)));
  const mid = s.close[n - 1] as number;
  const quotes = avellanedaStoikov(mid, inventory, best.gamma, est);
  return {
    strategy: ID,
    symbols: [s.symbol],
    side: 'neutral',
    confidence: confidenceFromZ(best.tStat, tests * GAMMA_SCALES.length),
    expectedReturnPct: 100 * best.meanPnl,
    riskPct: 100 * best.sdPnl,
    horizon: formatHorizon(TAU * intervalMs),
    entry: quotes.bid,
    stop: quotes.bid * (1 - 3 * est.sigma * Math.sqrt(TAU)),
    target: quotes.ask,
    rationale:
      `spread ≈ ${(est.spread * 1e4).toFixed(1)} bp (Roll/Corwin–Schultz), σ ${(est.sigma * 1e4).toFixed(1)} bp per candle, k ${est.k.toFixed(0)}; ` +
      `Avellaneda–Stoikov γ ${best.gamma.toPrecision(3)}, inventory ${inventory} lots; replay: ${best.fills} fills, t ${best.tStat.toFixed(1)}`,
  };
}

export const marketMaking: StrategyDefinition = {
  id: ID,
  name: 'Market making',
  description: 'Spread (Roll, Corwin–Schultz) and volatility estimates, Avellaneda–Stoikov quotes replayed on history to pick risk aversion.',
  inputs: ['high', 'low', 'close', 'volume'],
  run: (market, params, shouldStop: StopCheck) => runPerSymbol(market, params, shouldStop, evaluate),
};
