// risk_management — historical and Monte Carlo VaR/CVaR of the portfolio, CVaR contribution per holding, and "reduce"
// suggestions for holdings whose share of the risk is well above their share of the value.
//
// Method (holdings = params.portfolio restricted to params.symbols; values at the last close; horizon 1 day; 99 %):
//   Historical: every overlapping 1-day window of the history applied to today's holdings,
//     L_t = −Σ_i V_i·(P_i,t+h / P_i,t − 1); VaR = 99th percentile of L, CVaR = mean of L beyond it.
//   Monte Carlo: covariance Σ of hourly log returns, Cholesky Σ = LLᵀ; 10 000 paths of 24 hourly steps, each step
//     r = L·z·√((ν − 2)/χ²_ν) with ν = 5 (multivariate Student-t: fat tails, unit variance); seeded PRNG, so the
//     same input gives the same numbers.
//   Contribution of holding i to CVaR (Euler allocation) = mean over the tail paths of its own loss; they sum to CVaR.
//   Suggestion for holding i when ratio = (contribution share) / (value share) ≥ 1.25: sell the fraction
//     1 − 1/ratio of it (side short). Confidence: z = (ratio − 1.25) / se(ratio), se from 10 batches of paths,
//     family-wise over holdings. riskPct = the holding's CVaR contribution in % of its value; expected return = the
//     drift the sale gives up (historical mean, sign-adjusted) — usually ≈ 0, so these rank by confidence.
import type { Opportunity } from '../../machines/opportunity.js';
import { alignCloses } from '../indicators/align.js';
import { cholesky } from '../indicators/cholesky.js';
import { covarianceMatrix } from '../indicators/covariance.js';
import { Rng, seedFromString } from '../indicators/prng.js';
import { tailRisk, type TailRisk } from '../indicators/tail-risk.js';
import { seriesFor } from '../market-data.js';
import type { StopCheck, StrategyDefinition } from '../strategy-types.js';
import { confidenceFromZ } from './support/confidence.js';
import { finalize } from './support/finalize.js';
import { DAY_MS, HOUR_MS, candlesIn, formatHorizon } from './support/horizon.js';
import { hourlyReturns } from './support/hourly-returns.js';

const ID = 'risk_management';
const LEVEL = 0.99;
const PATHS = 10_000;
const BATCHES = 10;
const DOF = 5;
const REDUCE_RATIO = 1.25;

export interface MonteCarloRisk extends TailRisk {
  /** CVaR contribution of each holding (sums to cvar). */
  contributions: Float64Array;
  /** Standard error of each holding's contribution share, from batches of paths. */
  shareSe: Float64Array;
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

/** Monte Carlo VaR/CVaR from hourly returns `returns` over `steps` hourly steps; null if stopped. */
export function monteCarloRisk(returns: readonly Float64Array[], values: readonly number[], steps: number, seed: number, shouldStop: StopCheck): MonteCarloRisk | null {
  const m = returns.length;
  const cov = covarianceMatrix(returns, 0, returns[0]?.length ?? 0, shouldStop);
  if (!cov) return null;
  for (let i = 0; i < m; i++) cov[i * m + i] = (cov[i * m + i] as number) * (1 + 1e-9) + 1e-18; // jitter keeps it positive definite
  const l = cholesky(cov, m);
  if (!l) return null;
  const rng = new Rng(seed);
  const legLosses = new Float64Array(PATHS * m);
  const losses = new Float64Array(PATHS);
  const cumulative = new Float64Array(m);
  const z = new Float64Array(m);
  for (let p = 0; p < PATHS; p++) {
    if (p % 16 === 0 && shouldStop()) return null;
    cumulative.fill(0);
    for (let step = 0; step < steps; step++) {
      let chi2 = 0;
      for (let k = 0; k < DOF; k++) chi2 += rng.normal() ** 2;
      const scale = Math.sqrt((DOF - 2) / chi2);
      for (let i = 0; i < m; i++) z[i] = rng.normal();
      for (let i = 0; i < m; i++) {
        let r = 0;
        for (let k = 0; k <= i; k++) r += (l[i * m + k] as number) * (z[k] as number);
        cumulative[i] = (cumulative[i] as number) + r * scale;
      }
    }
    let loss = 0;
    for (let i = 0; i < m; i++) {
      const leg = -(values[i] as number) * Math.expm1(cumulative[i] as number);
      legLosses[p * m + i] = leg;
      loss += leg;
    }
    losses[p] = loss;
  }
  return allocate(losses, legLosses, m);
}

/** Euler allocation of CVaR to holdings, with batch standard errors of the shares. */
function allocate(losses: Float64Array, legLosses: Float64Array, m: number): MonteCarloRisk {
  const risk = tailRisk(Float64Array.from(losses), LEVEL);
  const contributions = new Float64Array(m);
  const batchSums = new Float64Array(BATCHES * m);
  const batchTotals = new Float64Array(BATCHES);
  let tailCount = 0;
  for (let p = 0; p < losses.length; p++) {
    if ((losses[p] as number) < risk.var) continue;
    tailCount++;
    const b = p % BATCHES;
    batchTotals[b] = (batchTotals[b] as number) + (losses[p] as number);
    for (let i = 0; i < m; i++) {
      contributions[i] = (contributions[i] as number) + (legLosses[p * m + i] as number);
      batchSums[b * m + i] = (batchSums[b * m + i] as number) + (legLosses[p * m + i] as number);
    }
  }
  for (let i = 0; i < m; i++) contributions[i] = (contributions[i] as number) / Math.max(tailCount, 1);
  const shareSe = Float64Array.from({ length: m }, (_, i) => {
    const shares = Array.from({ length: BATCHES }, (_, b) => (batchSums[b * m + i] as number) / (batchTotals[b] as number));
    const mean = shares.reduce((a, x) => a + x, 0) / BATCHES;
    return Math.sqrt(shares.reduce((a, x) => a + (x - mean) ** 2, 0) / (BATCHES - 1) / BATCHES);
  });
  return { ...risk, contributions, shareSe };
}

export const riskManagement: StrategyDefinition = {
  id: ID,
  name: 'Risk management',
  description: 'Historical and Monte Carlo (Student-t) 1-day VaR/CVaR of the portfolio; suggests trimming holdings that carry outsized tail risk.',
  inputs: ['close', 'portfolio'],
  run(market, params, shouldStop: StopCheck) {
    const held = seriesFor(market, params.symbols).filter((s) => (params.portfolio[s.symbol] ?? 0) !== 0);
    if (held.length === 0) return [];
    const { closes } = alignCloses(held);
    const n = closes[0]?.length ?? 0;
    const horizon = candlesIn(DAY_MS, market.intervalMs);
    const block = candlesIn(HOUR_MS, market.intervalMs);
    if (n < 4 * horizon) return [];
    const values = held.map((s, i) => (params.portfolio[s.symbol] as number) * ((closes[i] as ArrayLike<number>)[n - 1] as number));
    const historical = historicalRisk(closes, values, horizon, shouldStop);
    if (!historical) return [];
    const returns = hourlyReturns(closes, market.intervalMs, shouldStop);
    if (!returns) return [];
    const seed = seedFromString(held.map((s) => s.symbol).join(','));
    const mc = monteCarloRisk(returns, values, Math.round(horizon / block), seed, shouldStop);
    if (!mc) return [];
    const gross = values.reduce((a, v) => a + Math.abs(v), 0);
    const found: Opportunity[] = [];
    held.forEach((s, i) => {
      const value = values[i] as number;
      const share = (mc.contributions[i] as number) / mc.cvar;
      const ratio = share / (Math.abs(value) / gross);
      if (!(ratio >= REDUCE_RATIO) || value <= 0) return;
      const ratioSe = (mc.shareSe[i] as number) / (Math.abs(value) / gross);
      const r = returns[i] as Float64Array;
      const drift = (r.reduce((a, x) => a + x, 0) / r.length) * (horizon / block);
      found.push({
        strategy: ID,
        symbols: [s.symbol],
        side: 'short',
        confidence: confidenceFromZ((ratio - REDUCE_RATIO) / Math.max(ratioSe, 1e-9), held.length),
        expectedReturnPct: -100 * drift,
        riskPct: (100 * (mc.contributions[i] as number)) / value,
        horizon: formatHorizon(DAY_MS),
        entry: (closes[i] as ArrayLike<number>)[n - 1] as number,
        stop: null,
        target: null,
        rationale:
          `reduce by ${Math.round(100 * (1 - 1 / ratio))} %: ${Math.round(100 * share)} % of the portfolio's 1-day 99 % CVaR ` +
          `from ${Math.round((100 * Math.abs(value)) / gross)} % of its value; portfolio VaR ${money(mc.var)} / CVaR ${money(mc.cvar)} ` +
          `(Monte Carlo), ${money(historical.var)} / ${money(historical.cvar)} (historical)`,
      });
    });
    return finalize(found);
  },
};

function money(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 0 });
}
