// complex_strategy — parameter-sweep backtest of a trend rule set, validated walk-forward.
//
// Rule set (decided at each close, applied to the next candle's return):
//   trend = sign(EMA_fast − EMA_slow); enter long when trend > 0 and RSI(14) < cap, short when trend < 0 and
//   RSI > 100 − cap (do not chase exhausted moves); exit when the trend flips or the ATR(14) stop (entry ∓ m·ATR) is hit.
//   Costs: 5 bp per position change.
// Grid: fast ∈ {4, 8, 16, 32}, slow ∈ {48, 96, 192, 384}, cap ∈ {60, 70, 80, off}, m ∈ {1.5, 2.5, 4} — 192 rule sets.
// Walk-forward (per symbol): history split into 5 folds; for folds 2…5 the rule set with the best Sharpe on the
// previous fold is traded on the fold (out of sample). Evidence = t-ratio of the daily out-of-sample returns,
// family-wise over symbols. Trade now: the rule set that was best on the last fold, if it currently holds a position;
// expected return = its out-of-sample mean return per candle × its mean holding time; risk = distance to its stop.
import type { Opportunity, Side } from '../../machines/opportunity.js';
import { atr } from '../indicators/atr.js';
import { ema } from '../indicators/ema.js';
import { rsi } from '../indicators/rsi.js';
import type { SymbolSeries } from '../market-data.js';
import { chunkedStrategy } from '../chunked-run.js';
import type { StopCheck } from '../strategy-types.js';
import { confidenceFromZ } from './support/confidence.js';
import { DAY_MS, candlesIn, formatHorizon } from './support/horizon.js';
import { perSymbolChunks, type SymbolContext } from './support/per-symbol.js';

const ID = 'complex_strategy';
const FAST = [4, 8, 16, 32];
const SLOW = [48, 96, 192, 384];
const RSI_CAPS = [60, 70, 80, 101];
const STOP_ATR = [1.5, 2.5, 4];
const FOLDS = 5;
const COST = 0.0005;

export interface RuleSet {
  fast: number;
  slow: number;
  cap: number;
  stopAtr: number;
}

export const RULE_GRID: readonly RuleSet[] = FAST.flatMap((fast) =>
  SLOW.flatMap((slow) => RSI_CAPS.flatMap((cap) => STOP_ATR.map((stopAtr) => ({ fast, slow, cap, stopAtr })))));

export interface Indicators {
  emas: Map<number, Float64Array>;
  rsi: Float64Array;
  atr: Float64Array;
  /** Log return from close t to close t + 1, at index t (computed once, shared by every rule set). */
  nextReturn: Float64Array;
}

export interface RunResult {
  /** Per-candle strategy log return (index t: return from close t to close t + 1). */
  returns: Float64Array;
  position: Side;
  stop: number;
  trades: number;
  heldCandles: number;
}

/** Null when stopped. */
export function indicatorsFor(s: SymbolSeries, shouldStop: StopCheck = () => false): Indicators | null {
  const emas = new Map<number, Float64Array>();
  for (const p of [...FAST, ...SLOW]) {
    if (shouldStop()) return null;
    emas.set(p, ema(s.close, p));
  }
  const strength = rsi(s.close, 14);
  const range = atr(s.high, s.low, s.close, 14);
  if (shouldStop()) return null;
  const nextReturn = new Float64Array(s.close.length);
  for (let t = 0; t + 1 < s.close.length; t++) nextReturn[t] = Math.log((s.close[t + 1] as number) / (s.close[t] as number));
  return { emas, rsi: strength, atr: range, nextReturn };
}

/** Runs one rule set over the whole history, writing its per-candle returns into `returns` (length n, zeroed). */
export function runRules(s: SymbolSeries, ind: Indicators, rule: RuleSet, returns = new Float64Array(s.close.length)): RunResult {
  const n = s.close.length;
  const fast = ind.emas.get(rule.fast) as Float64Array;
  const slow = ind.emas.get(rule.slow) as Float64Array;
  returns.fill(0);
  let position = 0;
  let stop = 0;
  let trades = 0;
  let heldCandles = 0;
  for (let t = rule.slow; t + 1 < n; t++) {
    const close = s.close[t] as number;
    const trend = (fast[t] as number) > (slow[t] as number) ? 1 : -1;
    const previous = position;
    if (position !== 0 && (trend !== position || (position > 0 ? (s.low[t] as number) <= stop : (s.high[t] as number) >= stop))) position = 0;
    if (position === 0) {
      const strength = ind.rsi[t] as number;
      const allowed = trend > 0 ? strength < rule.cap : strength > 100 - rule.cap;
      if (allowed && previous !== trend) {
        position = trend;
        stop = close - position * rule.stopAtr * (ind.atr[t] as number);
        trades++;
      }
    }
    if (position !== 0) heldCandles++;
    returns[t] = position * (ind.nextReturn[t] as number) - (position !== previous ? COST * Math.abs(position - previous) : 0);
  }
  return { returns, position: position > 0 ? 'long' : position < 0 ? 'short' : 'neutral', stop, trades, heldCandles };
}

function sharpeOf(returns: Float64Array, from: number, to: number): number {
  let sum = 0;
  let squares = 0;
  for (let t = from; t < to; t++) {
    const r = returns[t] as number;
    sum += r;
    squares += r * r;
  }
  const n = to - from;
  const m = sum / n;
  const variance = squares / n - m * m;
  return variance > 0 ? m / Math.sqrt(variance) : 0;
}

export interface WalkForward {
  /** Out-of-sample per-candle returns, concatenated over folds 2…FOLDS. */
  oos: number[];
  /** Rule set that was best on the last fold (the one to trade now). */
  latest: RuleSet;
}

/** Null when stopped. */
export function walkForward(s: SymbolSeries, ind: Indicators, shouldStop: StopCheck): WalkForward | null {
  const n = s.close.length;
  const foldLength = Math.floor(n / FOLDS);
  const foldEnd = (f: number): number => (f === FOLDS - 1 ? n - 1 : (f + 1) * foldLength);
  const best: Array<{ rule: RuleSet; sharpe: number }> = [];
  const scratch = new Float64Array(n);
  for (const rule of RULE_GRID) {
    if (shouldStop()) return null;
    const run = runRules(s, ind, rule, scratch);
    for (let f = 0; f < FOLDS; f++) {
      const value = sharpeOf(run.returns, f * foldLength, foldEnd(f));
      if (!best[f] || value > (best[f]?.sharpe as number)) best[f] = { rule, sharpe: value };
    }
  }
  // Out of sample: fold f is traded with the rule set that was best on fold f − 1 (re-run, not kept from the sweep).
  const oos: number[] = [];
  for (let f = 1; f < FOLDS; f++) {
    if (shouldStop()) return null;
    const run = runRules(s, ind, best[f - 1]?.rule as RuleSet, scratch);
    for (let t = f * foldLength; t < foldEnd(f); t++) oos.push(run.returns[t] as number);
  }
  return { oos, latest: best[FOLDS - 1]?.rule as RuleSet };
}

function dailyT(oos: readonly number[], perDay: number): { t: number; meanPerCandle: number } {
  const days: number[] = [];
  for (let i = 0; i + perDay <= oos.length; i += perDay) days.push(oos.slice(i, i + perDay).reduce((a, x) => a + x, 0));
  const meanPerCandle = oos.reduce((a, x) => a + x, 0) / Math.max(oos.length, 1);
  if (days.length < 5) return { t: 0, meanPerCandle };
  const m = days.reduce((a, x) => a + x, 0) / days.length;
  const sd = Math.sqrt(days.reduce((a, x) => a + (x - m) ** 2, 0) / (days.length - 1));
  return { t: sd > 0 ? m / (sd / Math.sqrt(days.length)) : 0, meanPerCandle };
}

function evaluate(s: SymbolSeries, { tests, intervalMs, shouldStop }: SymbolContext): Opportunity | null {
  const n = s.close.length;
  if (n < 2 * Math.max(...SLOW)) return null;
  const ind = indicatorsFor(s, shouldStop);
  if (!ind) return null;
  const wf = walkForward(s, ind, shouldStop);
  if (!wf) return null;
  const now = runRules(s, ind, wf.latest);
  if (now.position === 'neutral' || now.trades === 0) return null;
  const { t, meanPerCandle } = dailyT(wf.oos, candlesIn(DAY_MS, intervalMs));
  const holding = Math.max(1, Math.round(now.heldCandles / now.trades));
  const entry = s.close[n - 1] as number;
  const r = wf.latest;
  return {
    strategy: ID,
    symbols: [s.symbol],
    side: now.position,
    confidence: confidenceFromZ(t, tests),
    expectedReturnPct: 100 * meanPerCandle * holding,
    riskPct: (100 * Math.abs(entry - now.stop)) / entry,
    horizon: formatHorizon(holding * intervalMs),
    entry,
    stop: now.stop,
    target: entry * Math.exp((now.position === 'long' ? 1 : -1) * Math.abs(meanPerCandle) * holding),
    rationale:
      `rule EMA ${r.fast}/${r.slow}, RSI cap ${r.cap > 100 ? 'off' : r.cap}, stop ${r.stopAtr}·ATR (best of ${RULE_GRID.length} on the latest fold); ` +
      `walk-forward out-of-sample t ${t.toFixed(2)} over ${FOLDS - 1} folds, ${(meanPerCandle * 1e4).toFixed(2)} bp per candle`,
  };
}

// Each symbol's sweep is independent of the others', so the work splits by symbol (support/per-symbol.ts).
export const complexStrategy = chunkedStrategy(
  {
    id: ID,
    name: 'Complex (swept and walk-forward validated)',
    description: 'Sweeps 192 EMA-trend/RSI/ATR-stop rule sets per symbol and trades the latest best only on walk-forward evidence.',
    inputs: ['high', 'low', 'close'],
  },
  perSymbolChunks(evaluate),
);
