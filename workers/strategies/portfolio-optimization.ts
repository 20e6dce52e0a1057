// portfolio_optimization — long-only max-Sharpe and min-variance weights from a shrunk covariance matrix, made robust
// by bootstrap resampling, compared with the current portfolio → rebalance moves.
//
// Method, on hourly log returns of the symbols (common timestamps):
//   Expected returns: sample means shrunk toward their grand mean by the James–Stein factor
//     B = min(1, (N − 3)·s²/T / Σ(μ_i − μ̄)²)  (s² the mean return variance), μ_i ← μ̄ + (1 − B)(μ_i − μ̄).
//   Covariance: sample covariance shrunk 20 % toward its diagonal.
//   Weights (w ≥ 0, Σw = 1, projected gradient, see indicators/portfolio-weights.ts): min-variance, and max-Sharpe
//     started from it. Long-only max-Sharpe magnifies noise in μ, so it only gets a say when the means really differ:
//     Q = Σ T·(μ_i − μ̄)² / var(r_i − r̄) is χ²(N − 1) if they are all equal (Wilson–Hilferty p-value); when p < 5 %,
//     target = ½·(max-Sharpe + min-variance), otherwise target = min-variance.
//   Robustness: 40 moving-block bootstrap resamples (24-hour blocks, each seeded on its own) redo all of the above; the
//     spread of a symbol's resampled target weight is the estimation error of that weight.
//   Moves: Δw = target − current (current from params.portfolio at the last close; empty portfolio = all cash).
//     |Δw| ≥ 5 points (smaller moves are not worth the turnover) → buy (long) or sell (short).
//     Evidence z = |Δw| / bootstrap sd of the target weight (a move that estimation noise could produce is weak),
//     family-wise over symbols.
//     Expected return of the move over a week = ±μ_i·168 h; risk = σ_i·√168 h.
//
// Fork-join: 41 units of about the same cost — unit 0 the estimates on the actual history, unit 1 + r resample r
// (portfolio/allocation.ts does the maths of each). The reduce needs unit 0; without it there is nothing to move toward.
import type { Opportunity } from '../../machines/opportunity.js';
import { alignCloses } from '../indicators/align.js';
import { sharpe } from '../indicators/portfolio-weights.js';
import { Rng, seedFromString, substreamSeed } from '../indicators/prng.js';
import { chunkedStrategy } from '../chunked-run.js';
import { seriesFor, type MarketData } from '../market-data.js';
import type { ChunkedWork, StopCheck, StrategyParams } from '../strategy-types.js';
import { BLOCK_HOURS, allocate, resample } from './portfolio/allocation.js';
import { confidenceFromZ } from './support/confidence.js';
import { finalize } from './support/finalize.js';
import { DAY_MS, HOUR_MS, formatHorizon } from './support/horizon.js';
import { hourlyReturns } from './support/hourly-returns.js';
import { lastInputMemo } from './support/last-input-memo.js';
import { planRanges, type UnitRange } from './support/split-units.js';

const ID = 'portfolio_optimization';
const RESAMPLES = 40;
const MIN_MOVE = 0.05;
const HOLD_HOURS = 168;

/** The estimates on the actual history: what the moves aim at. */
export interface BaseEstimate {
  target: Float64Array;
  mu: Float64Array;
  /** Hourly return variance of each symbol (the covariance diagonal, which is not shrunk). */
  variance: Float64Array;
  /** Annualised Sharpe ratio of the target portfolio. */
  sharpe: number;
  lastPrices: Float64Array;
}

/** A chunk's partial result. */
export interface PortfolioPart {
  /** From the chunk holding unit 0 (null elsewhere, and when the history is too short). */
  base: BaseEstimate | null;
  /** Target weights of the chunk's resamples, in resample order. */
  resampled: Float64Array[];
}

interface Inputs {
  returns: Float64Array[];
  lastPrices: Float64Array;
}

// Aligning and taking hourly returns is ~4 ms on the heavy market, against ~45 ms per unit: memoised per worker so the
// unsplit run (41 one-unit chunks) does it once (support/last-input-memo.ts).
const memo = lastInputMemo<Inputs>();

function inputsFor(market: MarketData, params: StrategyParams, shouldStop: StopCheck): Inputs | null {
  const universe = seriesFor(market, params.symbols);
  return memo([market.intervalMs, ...universe], () => {
    const { closes } = alignCloses(universe);
    const returns = hourlyReturns(closes, market.intervalMs, shouldStop);
    return returns && { returns, lastPrices: Float64Array.from(closes, (c) => c[c.length - 1] as number) };
  });
}

function runChunk(market: MarketData, params: StrategyParams, { from, to }: UnitRange, shouldStop: StopCheck): PortfolioPart {
  const part: PortfolioPart = { base: null, resampled: [] };
  const inputs = inputsFor(market, params, shouldStop);
  if (!inputs || (inputs.returns[0]?.length ?? 0) < 4 * BLOCK_HOURS) return part;
  const seed = seedFromString(seriesFor(market, params.symbols).map((s) => s.symbol).join(','), 7);
  for (let unit = from; unit < to; unit++) {
    if (unit === 0) {
      part.base = baseEstimate(inputs, shouldStop);
      if (!part.base) return part; // stopped: the engine discards this part
      continue;
    }
    const sample = allocate(resample(inputs.returns, new Rng(substreamSeed(seed, unit - 1))), shouldStop);
    if (!sample) return part;
    part.resampled.push(sample.target);
  }
  return part;
}

function baseEstimate({ returns, lastPrices }: Inputs, shouldStop: StopCheck): BaseEstimate | null {
  const base = allocate(returns, shouldStop);
  if (!base) return null;
  const n = returns.length;
  return {
    target: base.target,
    mu: base.mu,
    variance: Float64Array.from({ length: n }, (_, i) => base.cov[i * n + i] as number),
    sharpe: sharpe(base.mu, base.cov, base.target, n) * Math.sqrt((365 * DAY_MS) / HOUR_MS),
    lastPrices,
  };
}

function currentWeights(symbols: readonly string[], lastPrices: Float64Array, portfolio: Record<string, number>): Float64Array {
  const values = symbols.map((s, i) => Math.max(portfolio[s] ?? 0, 0) * (lastPrices[i] as number));
  const total = values.reduce((a, v) => a + v, 0);
  return Float64Array.from(values, (v) => (total > 0 ? v / total : 0));
}

/** Moves toward the base target, judged against the spread of however many resamples finished. */
function reduce(market: MarketData, params: StrategyParams, partials: PortfolioPart[]): Opportunity[] {
  const base = partials.find((p) => p.base)?.base;
  if (!base) return [];
  const symbols = seriesFor(market, params.symbols).map((s) => s.symbol);
  const n = symbols.length;
  const current = currentWeights(symbols, base.lastPrices, params.portfolio);
  const sum = new Float64Array(n);
  const squares = new Float64Array(n);
  let done = 0;
  for (const target of partials.flatMap((p) => p.resampled)) {
    done++;
    target.forEach((w, i) => {
      sum[i] = (sum[i] as number) + w;
      squares[i] = (squares[i] as number) + w * w;
    });
  }
  const found: Opportunity[] = [];
  for (let i = 0; i < n && done > 1; i++) {
    const move = (base.target[i] as number) - (current[i] as number);
    if (Math.abs(move) < MIN_MOVE) continue;
    const meanWeight = (sum[i] as number) / done;
    const weightSd = Math.sqrt(Math.max((squares[i] as number) / done - meanWeight * meanWeight, 0) * (done / (done - 1)));
    const z = Math.abs(move) / Math.max(weightSd, 0.005);
    const direction = Math.sign(move);
    found.push({
      strategy: ID,
      symbols: [symbols[i] as string],
      side: direction > 0 ? 'long' : 'short',
      confidence: confidenceFromZ(z, n),
      expectedReturnPct: 100 * direction * (base.mu[i] as number) * HOLD_HOURS,
      riskPct: 100 * Math.sqrt(base.variance[i] as number) * Math.sqrt(HOLD_HOURS),
      horizon: formatHorizon(HOLD_HOURS * HOUR_MS),
      entry: base.lastPrices[i] as number,
      stop: null,
      target: null,
      rationale:
        `${direction > 0 ? 'raise' : 'cut'} weight ${pct(current[i] as number)} → ${pct(base.target[i] as number)} ` +
        `(target portfolio Sharpe ${base.sharpe.toFixed(2)} annualised); bootstrap sd of the target weight ${pct(weightSd)} over ${done} resamples`,
    });
  }
  return finalize(found);
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

const portfolioWork: ChunkedWork<UnitRange, PortfolioPart> = {
  // Unit 0 plus one unit per resample; nothing to optimise with fewer than two symbols.
  plan: (market, params, parts) => planRanges(seriesFor(market, params.symbols).length < 2 ? 0 : 1 + RESAMPLES, parts),
  runChunk,
  reduce,
};

export const portfolioOptimization = chunkedStrategy(
  {
    id: ID,
    name: 'Portfolio optimisation',
    description: 'Long-only max-Sharpe / min-variance weights from shrunk estimates, bootstrap-checked, turned into rebalance moves.',
    inputs: ['close', 'portfolio'],
  },
  portfolioWork,
);
