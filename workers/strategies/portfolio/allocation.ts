// portfolio_optimization's estimates and target weights for one return matrix — the actual history or one bootstrap
// resample of it (see portfolio-optimization.ts for the method), and the moving-block bootstrap that makes resamples.
import { covarianceMatrix } from '../../indicators/covariance.js';
import { normCdf } from '../../indicators/normal.js';
import { maxSharpeWeights, minVarianceWeights } from '../../indicators/portfolio-weights.js';
import type { Rng } from '../../indicators/prng.js';
import type { StopCheck } from '../../strategy-types.js';

const SHRINK_TO_DIAGONAL = 0.2;
/** Bootstrap block length (hours): whole days keep the serial dependence (volatility clusters) that single hours would lose. */
export const BLOCK_HOURS = 24;
const ITERATIONS = 300;

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
export function resample(returns: readonly Float64Array[], rng: Rng): Float64Array[] {
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
