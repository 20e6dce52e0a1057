// statistical_arbitrage — PCA factor model of returns and mean-reverting residuals (Avellaneda & Lee, 2010).
//
// Method, over the symbols' common timestamps, on hourly (12-candle) log returns:
//   1. Standardise returns; correlation matrix; eigen-decomposition (cyclic Jacobi).
//   2. Keep the k factors whose eigenvalue exceeds the Marchenko–Pastur noise edge (1 + √(N/T))² (at least 1, at most
//      N/3). Eigenportfolio returns F_j,t = Σ_i v_ij·r_i,t / σ_i.
//   3. For each symbol, OLS of its returns on the k factor returns (with intercept α) → residual returns ε_i,t;
//      cumulative residual X_i,t = Σ ε (the idiosyncratic price).
//   4. Evidence of mean reversion: ADF (1 lag) on the whole of X (MacKinnon N = 1), family-wise over symbols.
//      s-score: OU fit (AR(1)) over the last 240 hours of X + α·t → κ, mean m, σ_eq; s = (X_now − m) / σ_eq.
//      (α is added back there because OLS residuals sum to zero over the window: a dislocation in the last hours
//      would otherwise be partly absorbed into the fitted drift.)
//   5. Avellaneda–Lee rules: open long when s < −1.25, short when s > 1.25, only if the half-life is under 30 hours.
//      Horizon = 2 half-lives; expected return = |X_now − m|·(1 − 2^{−2}) (the residual's expected move; the factor
//      exposure is assumed hedged), risk = σ_eq (stop one more stationary sd away).
import type { Opportunity } from '../../machines/opportunity.js';
import { adfTest, mackinnonPValue } from '../indicators/adf.js';
import { alignCloses } from '../indicators/align.js';
import { correlationFromCovariance, covarianceMatrix } from '../indicators/covariance.js';
import { symmetricEigen } from '../indicators/eigen.js';
import { MomentAccumulator } from '../indicators/moment-accumulator.js';
import { fitOu } from '../indicators/ou-fit.js';
import { seriesFor } from '../market-data.js';
import type { StopCheck, StrategyDefinition } from '../strategy-types.js';
import { confidenceFromZ, zFromPValue } from './support/confidence.js';
import { finalize } from './support/finalize.js';
import { HOUR_MS, formatHorizon } from './support/horizon.js';
import { hourlyReturns } from './support/hourly-returns.js';

const ID = 'statistical_arbitrage';
const OU_WINDOW = 240;
const ENTRY_S = 1.25;
const MAX_HALF_LIFE = 30;

export interface FactorModel {
  factors: number;
  /** Factor returns, one array per factor. */
  factorReturns: Float64Array[];
  explained: number;
}

/** PCA of the return matrix; null when stopped. */
export function pcaFactors(returns: readonly Float64Array[], shouldStop: StopCheck): FactorModel | null {
  const n = returns.length;
  const length = returns[0]?.length ?? 0;
  const cov = covarianceMatrix(returns, 0, length, shouldStop);
  if (!cov) return null;
  const corr = correlationFromCovariance(cov, n);
  const eigen = symmetricEigen(corr, n, shouldStop);
  if (!eigen) return null;
  const edge = (1 + Math.sqrt(n / length)) ** 2;
  let k = 0;
  while (k < Math.max(1, Math.floor(n / 3)) && (eigen.values[k] as number) > edge) k++;
  k = Math.max(k, 1);
  const factorReturns: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    if (shouldStop()) return null;
    const f = new Float64Array(length);
    for (let i = 0; i < n; i++) {
      const weight = (eigen.vectors[i * n + j] as number) / Math.sqrt(cov[i * n + i] as number);
      const r = returns[i] as Float64Array;
      for (let t = 0; t < length; t++) f[t] = (f[t] as number) + weight * (r[t] as number);
    }
    factorReturns.push(f);
  }
  let explained = 0;
  for (let j = 0; j < k; j++) explained += eigen.values[j] as number;
  return { factors: k, factorReturns, explained: explained / n };
}

export interface Residual {
  /** Cumulative OLS residual (sums to zero over the window). */
  x: Float64Array;
  /** The same with the fitted drift α·t added back. */
  withDrift: Float64Array;
}

/** Cumulative residual of r after regressing it on the factor returns; null when the regression is degenerate. */
export function cumulativeResidual(r: Float64Array, model: FactorModel): Residual | null {
  const k = model.factors;
  const regression = new MomentAccumulator(k + 1);
  const row = new Float64Array(k + 1);
  row[0] = 1;
  const fill = (t: number): void => {
    for (let j = 0; j < k; j++) row[j + 1] = (model.factorReturns[j] as Float64Array)[t] as number;
  };
  for (let t = 0; t < r.length; t++) {
    fill(t);
    regression.add(row, r[t] as number);
  }
  const fit = regression.solve();
  if (!fit) return null;
  const alpha = fit.beta[0] as number;
  const x = new Float64Array(r.length);
  const withDrift = new Float64Array(r.length);
  let level = 0;
  for (let t = 0; t < r.length; t++) {
    fill(t);
    let predicted = 0;
    for (let j = 0; j <= k; j++) predicted += (fit.beta[j] as number) * (row[j] as number);
    level += (r[t] as number) - predicted;
    x[t] = level;
    withDrift[t] = level + alpha * (t + 1);
  }
  return { x, withDrift };
}

function evaluate(symbol: string, residual: Residual, tests: number): Opportunity | null {
  const x = residual.withDrift;
  const from = Math.max(0, x.length - OU_WINDOW);
  const ou = fitOu(x, from);
  if (!(ou.halfLife > 0 && ou.halfLife <= MAX_HALF_LIFE)) return null;
  const now = x[x.length - 1] as number;
  const s = (now - ou.mean) / ou.eqSd;
  if (!(Math.abs(s) >= ENTRY_S)) return null;
  const adf = adfTest(residual.x, 1);
  const horizonBlocks = Math.max(1, Math.round(2 * ou.halfLife));
  const direction = s > 0 ? -1 : 1;
  return {
    strategy: ID,
    symbols: [symbol],
    side: direction > 0 ? 'long' : 'short',
    confidence: confidenceFromZ(zFromPValue(mackinnonPValue(adf.stat, 1)), tests),
    expectedReturnPct: 100 * Math.abs(now - ou.mean) * (1 - 2 ** (-horizonBlocks / ou.halfLife)),
    riskPct: 100 * ou.eqSd,
    horizon: formatHorizon(horizonBlocks * HOUR_MS),
    entry: null,
    stop: null,
    target: null,
    rationale:
      `residual to the PCA factors: s-score ${s.toFixed(2)}, half-life ${ou.halfLife.toFixed(1)} h, ADF ${adf.stat.toFixed(2)}; ` +
      `trade the residual (hedge the factor exposure)`,
  };
}

export const statisticalArbitrage: StrategyDefinition = {
  id: ID,
  name: 'Statistical arbitrage',
  description: 'PCA factor model of hourly returns (Jacobi eigen-decomposition); trades mean-reverting residuals by s-score (Avellaneda–Lee).',
  inputs: ['close'],
  run(market, params, shouldStop: StopCheck) {
    const universe = seriesFor(market, params.symbols);
    if (universe.length < 3) return [];
    const { closes } = alignCloses(universe);
    const returns = hourlyReturns(closes, market.intervalMs, shouldStop);
    if (!returns) return [];
    if ((returns[0]?.length ?? 0) < 4 * MAX_HALF_LIFE) return [];
    const model = pcaFactors(returns, shouldStop);
    if (!model) return [];
    const found: Opportunity[] = [];
    for (let i = 0; i < universe.length; i++) {
      if (shouldStop()) break;
      const x = cumulativeResidual(returns[i] as Float64Array, model);
      const o = x ? evaluate(universe[i]?.symbol as string, x, universe.length) : null;
      if (o) found.push(o);
    }
    return finalize(found);
  },
};
