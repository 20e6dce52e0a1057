// risk_management — historical and Monte Carlo VaR/CVaR of the portfolio, CVaR contribution per holding, and "reduce"
// suggestions for holdings whose share of the risk is well above their share of the value.
//
// Method (holdings = params.portfolio restricted to params.symbols; values at the last close; horizon 1 day; 99 %):
//   Historical: every overlapping 1-day window of the history applied to today's holdings,
//     L_t = −Σ_i V_i·(P_i,t+h / P_i,t − 1); VaR = 99th percentile of L, CVaR = mean of L beyond it.
//   Monte Carlo: covariance Σ of hourly log returns, Cholesky Σ = LLᵀ; 10 000 paths of 24 hourly steps, each step
//     r = L·z·√((ν − 2)/χ²_ν) with ν = 5 (multivariate Student-t: fat tails, unit variance); seeded PRNG, one stream
//     per block of 250 paths, so the same input gives the same numbers however the blocks are split into chunks.
//   Contribution of holding i to CVaR (Euler allocation) = mean over the tail paths of its own loss; they sum to CVaR.
//   Suggestion for holding i when ratio = (contribution share) / (value share) ≥ 1.25: sell the fraction
//     1 − 1/ratio of it (side short). Confidence: z = (ratio − 1.25) / se(ratio), se from 10 batches of paths,
//     family-wise over holdings. riskPct = the holding's CVaR contribution in % of its value; expected return = the
//     drift the sale gives up (historical mean, sign-adjusted) — usually ≈ 0, so these rank by confidence.
//
// Fork-join: the unit of work is a block of paths (risk/monte-carlo-paths.ts); a chunk sends back only its worst paths
// (risk/monte-carlo-tail.ts). The chunk holding block 0 also does the historical simulation, once.
import type { Opportunity } from '../../machines/opportunity.js';
import { seedFromString } from '../indicators/prng.js';
import { tailRisk, type TailRisk } from '../indicators/tail-risk.js';
import type { MarketData, SymbolSeries } from '../market-data.js';
import { chunkedStrategy } from '../chunked-run.js';
import type { ChunkedWork, StopCheck, StrategyParams } from '../strategy-types.js';
import { heldSeries, holdingsModel } from './risk/holdings-model.js';
import { BLOCKS, simulateBlocks } from './risk/monte-carlo-paths.js';
import { LEVEL, allocateTail, type MonteCarloRisk, type TailCandidates } from './risk/monte-carlo-tail.js';
import { confidenceFromZ } from './support/confidence.js';
import { finalize } from './support/finalize.js';
import { DAY_MS, HOUR_MS, candlesIn, formatHorizon } from './support/horizon.js';
import { planRanges, type UnitRange } from './support/split-units.js';

export { monteCarloRisk } from './risk/monte-carlo-paths.js';
export type { MonteCarloRisk } from './risk/monte-carlo-tail.js';

const ID = 'risk_management';
const REDUCE_RATIO = 1.25;

/** A chunk's partial result. */
export interface RiskPart {
  tail: TailCandidates;
  /** Historical VaR/CVaR, from the chunk holding block 0 only (null elsewhere). */
  historical: TailRisk | null;
  /** Per holding, for the reduce (which must not align closes itself): the last close, and the mean daily drift. */
  lastClose: Float64Array;
  drift: Float64Array;
}

/** Historical-simulation VaR/CVaR of holdings worth `values` over `horizon` candles; null if stopped. */
export function historicalRisk(closes: readonly ArrayLike<number>[], values: readonly number[], horizon: number, shouldStop: StopCheck): TailRisk | null {
  const n = closes[0]?.length ?? 0;
  const losses = new Float64Array(Math.max(n - horizon, 0));
  for (let t = 0; t + horizon < n; t++) {
    if (t % 1024 === 0 && shouldStop()) return null;
    let loss = 0;
    for (let i = 0; i < closes.length; i++) {
      const c = closes[i] as ArrayLike<number>;
      loss -= (values[i] as number) * ((c[t + horizon] as number) / (c[t] as number) - 1);
    }
    losses[t] = loss;
  }
  return tailRisk(losses, LEVEL);
}

const emptyPart = (): RiskPart => ({
  tail: { paths: 0, index: new Int32Array(0), loss: new Float64Array(0), legLoss: new Float64Array(0) },
  historical: null,
  lastClose: new Float64Array(0),
  drift: new Float64Array(0),
});

/** Holding values at the last close: units × price, the same product in every chunk and in the reduce. */
function holdingValues(held: readonly SymbolSeries[], params: StrategyParams, lastClose: Float64Array): number[] {
  return held.map((s, i) => (params.portfolio[s.symbol] as number) * (lastClose[i] as number));
}

/** Blocks range.from … range.to − 1; the empty part when the history is too short or the covariance degenerate. */
function runChunk(market: MarketData, params: StrategyParams, { from, to }: UnitRange, shouldStop: StopCheck): RiskPart {
  const held = heldSeries(market, params);
  const model = held.length > 0 ? holdingsModel(market, held, shouldStop) : null;
  if (!model?.cholesky) return emptyPart();
  const n = model.closes[0]?.length ?? 0;
  const horizon = candlesIn(DAY_MS, market.intervalMs);
  const block = candlesIn(HOUR_MS, market.intervalMs);
  if (n < 4 * horizon) return emptyPart();
  const values = holdingValues(held, params, model.lastClose);
  const historical = from === 0 ? historicalRisk(model.closes, values, horizon, shouldStop) : null;
  const seed = seedFromString(held.map((s) => s.symbol).join(','));
  const tail = simulateBlocks({ cholesky: model.cholesky, values, steps: Math.round(horizon / block), seed }, from, to, shouldStop);
  if (!tail) return emptyPart(); // stopped: the engine discards this part
  // Copies (a few holdings' worth): a partial must not alias the memoised model, whatever its receiver does with it.
  return { tail, historical, lastClose: model.lastClose.slice(), drift: model.drift.slice() };
}

/** Suggestions from whatever paths the finished chunks drew. */
function reduce(market: MarketData, params: StrategyParams, partials: RiskPart[]): Opportunity[] {
  const held = heldSeries(market, params);
  const mc = allocateTail(partials.map((p) => p.tail), held.length);
  const part = partials.find((p) => p.tail.paths > 0);
  if (!mc || !part) return [];
  const historical = partials.find((p) => p.historical)?.historical ?? null;
  const values = holdingValues(held, params, part.lastClose);
  const gross = values.reduce((a, v) => a + Math.abs(v), 0);
  const found: Opportunity[] = [];
  held.forEach((s, i) => {
    const value = values[i] as number;
    const share = (mc.contributions[i] as number) / mc.cvar;
    const ratio = share / (Math.abs(value) / gross);
    if (!(ratio >= REDUCE_RATIO) || value <= 0) return;
    const ratioSe = (mc.shareSe[i] as number) / (Math.abs(value) / gross);
    found.push({
      strategy: ID,
      symbols: [s.symbol],
      side: 'short',
      confidence: confidenceFromZ((ratio - REDUCE_RATIO) / Math.max(ratioSe, 1e-9), held.length),
      expectedReturnPct: -100 * (part.drift[i] as number),
      riskPct: (100 * (mc.contributions[i] as number)) / value,
      horizon: formatHorizon(DAY_MS),
      entry: part.lastClose[i] as number,
      stop: null,
      target: null,
      rationale: `reduce by ${Math.round(100 * (1 - 1 / ratio))} %: ${Math.round(100 * share)} % of the portfolio's 1-day 99 % CVaR ` +
        `from ${Math.round((100 * Math.abs(value)) / gross)} % of its value; ${portfolioRisk(mc, historical)}`,
    });
  });
  return finalize(found);
}

function portfolioRisk(mc: MonteCarloRisk, historical: TailRisk | null): string {
  const monteCarlo = `portfolio VaR ${money(mc.var)} / CVaR ${money(mc.cvar)} (Monte Carlo)`;
  // Without the chunk holding block 0 (stopped at the deadline) there is no historical figure to quote.
  return historical ? `${monteCarlo}, ${money(historical.var)} / ${money(historical.cvar)} (historical)` : monteCarlo;
}

function money(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

const riskWork: ChunkedWork<UnitRange, RiskPart> = {
  // Counting holdings only: whether the history is long enough is for the chunks to find out (it needs aligned closes).
  plan: (market, params, parts) => planRanges(heldSeries(market, params).length > 0 ? BLOCKS : 0, parts),
  runChunk,
  reduce,
};

export const riskManagement = chunkedStrategy(
  {
    id: ID,
    name: 'Risk management',
    description: 'Historical and Monte Carlo (Student-t) 1-day VaR/CVaR of the portfolio; suggests trimming holdings that carry outsized tail risk.',
    inputs: ['close', 'portfolio'],
  },
  riskWork,
);
