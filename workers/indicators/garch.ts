// GARCH(1,1) volatility (Bollerslev 1986): σ²_t = ω + α·r²_{t−1} + β·σ²_{t−1}, fitted by Gaussian maximum likelihood
// over a grid of (α, β) with variance targeting (ω = s²·(1 − α − β), s² the sample variance), which is robust and
// cheap enough to run per symbol. The forecast of the mean variance over the next h steps is
//   σ̄²_h = s² + (σ²_{t+1} − s²)·(1 − p^h) / (h·(1 − p)),  p = α + β.
import type { StopCheck } from '../strategy-types.js';

export interface GarchFit {
  alpha: number;
  beta: number;
  longRunVariance: number;
  /** One-step-ahead conditional variance after the last return. */
  nextVariance: number;
  logLikelihood: number;
}

const ALPHAS = [0.02, 0.04, 0.06, 0.08, 0.1, 0.13, 0.16, 0.2];
const BETAS = [0.6, 0.7, 0.78, 0.84, 0.88, 0.91, 0.93, 0.95, 0.97];

/** Fits r over [from, to) (demeaned returns); null when stopped. */
export function fitGarch(r: ArrayLike<number>, from: number, to: number, shouldStop: StopCheck): GarchFit | null {
  let s2 = 0;
  for (let t = from; t < to; t++) s2 += (r[t] as number) ** 2;
  s2 /= Math.max(to - from, 1);
  let best: GarchFit | null = null;
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      if (alpha + beta >= 0.995) continue;
      if (shouldStop()) return best;
      const fit = garchLikelihood(r, from, to, alpha, beta, s2);
      if (!best || fit.logLikelihood > best.logLikelihood) best = fit;
    }
  }
  return best;
}

function garchLikelihood(r: ArrayLike<number>, from: number, to: number, alpha: number, beta: number, s2: number): GarchFit {
  const omega = s2 * (1 - alpha - beta);
  let variance = s2;
  let logLikelihood = 0;
  for (let t = from; t < to; t++) {
    const x = r[t] as number;
    logLikelihood -= Math.log(variance) + (x * x) / variance;
    variance = omega + alpha * x * x + beta * variance;
  }
  return { alpha, beta, longRunVariance: s2, nextVariance: variance, logLikelihood: 0.5 * logLikelihood };
}

/** Mean per-step variance expected over the next `steps` steps. */
export function garchMeanVariance(fit: GarchFit, steps: number): number {
  const p = fit.alpha + fit.beta;
  const decay = steps > 0 ? (1 - p ** steps) / (steps * (1 - p)) : 1;
  return fit.longRunVariance + (fit.nextVariance - fit.longRunVariance) * decay;
}
