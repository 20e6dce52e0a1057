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
//   Robustness: 40 moving-block bootstrap resamples (24-hour blocks, seeded) redo all of the above; the spread of a
//     symbol's resampled target weight is the estimation error of that weight.
//   Moves: Δw = target − current (current from params.portfolio at the last close; empty portfolio = all cash).
//     |Δw| ≥ 5 points (smaller moves are not worth the turnover) → buy (long) or sell (short).
//     Evidence z = |Δw| / bootstrap sd of the target weight (a move that estimation noise could produce is weak),
//     family-wise over symbols.
//     Expected return of the move over a week = ±μ_i·168 h; risk = σ_i·√168 h.
import type { Opportunity } from '../../machines/opportunity.js';
import { alignCloses } from '../indicators/align.js';
import { covarianceMatrix } from '../indicators/covariance.js';
import { normCdf } from '../indicators/normal.js';
import { maxSharpeWeights, minVarianceWeights, sharpe } from '../indicators/portfolio-weights.js';
import { Rng, seedFromString } from '../indicators/prng.js';
import { seriesFor } from '../market-data.js';
import type { StopCheck, StrategyDefinition } from '../strategy-types.js';
import { confidenceFromZ } from './support/confidence.js';
import { finalize } from './support/finalize.js';
import { DAY_MS, HOUR_MS, formatHorizon } from './support/horizon.js';
import { hourlyReturns } from './support/hourly-returns.js';

const ID = 'portfolio_optimization';
const SHRINK_TO_DIAGONAL = 0.2;
const RESAMPLES = 40;
const BLOCK_HOURS = 24;
const ITERATIONS = 300;
const MIN_MOVE = 0.05;
const HOLD_HOURS = 168;

export interface Allocation {
  target: Float64Array;
  mu: Float64Array;
  cov: Float64Array;
}

/** Shrunk estimates and target weights for the return matrix; null when stopped. */
export function allocate(returns: readonly Float64Array[], shouldStop: StopCheck): Allocation | null {
  const n = returns.length;
  const length = returns[0]?.length ?? 0;
  const cov = covarianceMatrix(returns, 0, length, shouldStop);
  if (!cov) return null;
  const mu = Float64Array.from(returns, (r) => r.reduce((a, x) => a + x, 0) / length);
  shrinkMeans(mu, cov, n, length);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) cov[i * n + j] = (cov[i * n + j] as number) * (1 - SHRINK_TO_DIAGONAL);
  const minVar = minVarianceWeights(cov, n, ITERATIONS, shouldStop);
  if (!minVar) return null;
  if (meansDifferPValue(returns, mu) >= 0.05) return { target: minVar, mu, cov };
  const maxSharpe = maxSharpeWeights(mu, cov, n, minVar, ITERATIONS, shouldStop);
  if (!maxSharpe) return null;
  return { target: Float64Array.from(minVar, (w, i) => 0.5 * (w + (maxSharpe[i] as number))), mu, cov };
}

/** p-value of "all symbols have the same mean return" (χ² test on deviations from the cross-sectional mean). */
export function meansDifferPValue(returns: readonly Float64Array[], mu: Float64Array): number {
  const n = returns.length;
  const length = returns[0]?.length ?? 0;
  const crossMean = new Float64Array(length);
  for (const r of returns) for (let t = 0; t < length; t++) crossMean[t] = (crossMean[t] as number) + (r[t] as number) / n;
  const grand = mu.reduce((a, x) => a + x, 0) / n;
  let q = 0;
  returns.forEach((r, i) => {
    const gap = (mu[i] as number) - grand;
    let variance = 0;
    for (let t = 0; t < length; t++) variance += ((r[t] as number) - (crossMean[t] as number) - gap) ** 2;
    variance /= length - 1;
    if (variance > 0) q += (length * gap * gap) / variance;
  });
  const k = n - 1;
  const z = (Math.cbrt(q / k) - (1 - 2 / (9 * k))) / Math.sqrt(2 / (9 * k)); // Wilson–Hilferty
  return 1 - normCdf(z);
}

function shrinkMeans(mu: Float64Array, cov: Float64Array, n: number, length: number): void {
  const grand = mu.reduce((a, x) => a + x, 0) / n;
  let spread = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    spread += ((mu[i] as number) - grand) ** 2;
    variance += (cov[i * n + i] as number) / n;
  }
  const b = spread > 0 ? Math.min(1, (Math.max(n - 3, 1) * variance) / length / spread) : 1;
  for (let i = 0; i < n; i++) mu[i] = grand + (1 - b) * ((mu[i] as number) - grand);
}

/** Moving-block bootstrap resample of the rows (time steps) of the return matrix. */
function resample(returns: readonly Float64Array[], rng: Rng): Float64Array[] {
  const length = returns[0]?.length ?? 0;
  const rows = new Int32Array(length);
  for (let t = 0; t < length; t += BLOCK_HOURS) {
    const start = rng.int(Math.max(length - BLOCK_HOURS, 1));
    for (let k = 0; k < BLOCK_HOURS && t + k < length; k++) rows[t + k] = start + k;
  }
  return returns.map((r) => {
    const out = new Float64Array(length);
    for (let t = 0; t < length; t++) out[t] = r[rows[t] as number] as number;
    return out;
  });
}

function currentWeights(symbols: readonly string[], lastPrices: readonly number[], portfolio: Record<string, number>): Float64Array {
  const values = symbols.map((s, i) => Math.max(portfolio[s] ?? 0, 0) * (lastPrices[i] as number));
  const total = values.reduce((a, v) => a + v, 0);
  return Float64Array.from(values, (v) => (total > 0 ? v / total : 0));
}

export const portfolioOptimization: StrategyDefinition = {
  id: ID,
  name: 'Portfolio optimisation',
  description: 'Long-only max-Sharpe / min-variance weights from shrunk estimates, bootstrap-checked, turned into rebalance moves.',
  inputs: ['close', 'portfolio'],
  run(market, params, shouldStop: StopCheck) {
    const universe = seriesFor(market, params.symbols);
    const n = universe.length;
    if (n < 2) return [];
    const { closes } = alignCloses(universe);
    const returns = hourlyReturns(closes, market.intervalMs, shouldStop);
    if (!returns) return [];
    if ((returns[0]?.length ?? 0) < 4 * BLOCK_HOURS) return [];
    const base = allocate(returns, shouldStop);
    if (!base) return [];
    const symbols = universe.map((s) => s.symbol);
    const lastPrices = closes.map((c) => c[c.length - 1] as number);
    const current = currentWeights(symbols, lastPrices, params.portfolio);
    const sum = new Float64Array(n);
    const squares = new Float64Array(n);
    const rng = new Rng(seedFromString(symbols.join(','), 7));
    let done = 0;
    for (; done < RESAMPLES; done++) {
      const sample = allocate(resample(returns, rng), shouldStop);
      if (!sample) break;
      sample.target.forEach((w, i) => {
        sum[i] = (sum[i] as number) + w;
        squares[i] = (squares[i] as number) + w * w;
      });
    }
    const portfolioSharpe = sharpe(base.mu, base.cov, base.target, n) * Math.sqrt((365 * DAY_MS) / HOUR_MS);
    const found: Opportunity[] = [];
    for (let i = 0; i < n && done > 1; i++) {
      const move = (base.target[i] as number) - (current[i] as number);
      if (Math.abs(move) < MIN_MOVE) continue;
      const meanWeight = (sum[i] as number) / done;
      const weightSd = Math.sqrt(Math.max((squares[i] as number) / done - meanWeight * meanWeight, 0) * (done / (done - 1)));
      const z = Math.abs(move) / Math.max(weightSd, 0.005);
      const direction = Math.sign(move);
      const sd = Math.sqrt(base.cov[i * n + i] as number); // the diagonal is not shrunk
      found.push({
        strategy: ID,
        symbols: [symbols[i] as string],
        side: direction > 0 ? 'long' : 'short',
        confidence: confidenceFromZ(z, n),
        expectedReturnPct: 100 * direction * (base.mu[i] as number) * HOLD_HOURS,
        riskPct: 100 * sd * Math.sqrt(HOLD_HOURS),
        horizon: formatHorizon(HOLD_HOURS * HOUR_MS),
        entry: lastPrices[i] as number,
        stop: null,
        target: null,
        rationale:
          `${direction > 0 ? 'raise' : 'cut'} weight ${pct(current[i] as number)} → ${pct(base.target[i] as number)} ` +
          `(target portfolio Sharpe ${portfolioSharpe.toFixed(2)} annualised); bootstrap sd of the target weight ${pct(weightSd)} over ${done} resamples`,
      });
    }
    return finalize(found);
  },
};

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}
