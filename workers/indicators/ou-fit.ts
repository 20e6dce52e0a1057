// Ornstein–Uhlenbeck fit through its exact discretisation, an AR(1): x_t = c + φ·x_{t−1} + ε_t (OLS over [from, to)).
//   mean-reversion speed κ = −ln φ (per step), half-life = ln 2 / κ, long-run mean μ = c / (1 − φ),
//   equilibrium sd σ_eq = σ_ε / √(1 − φ²). φ ≥ 1 means no mean reversion (infinite half-life).

export interface OuFit {
  phi: number;
  kappa: number;
  halfLife: number;
  mean: number;
  /** Standard deviation of the stationary distribution. */
  eqSd: number;
  /** t-ratio of (φ − 1): a Dickey–Fuller statistic without lags. */
  dfStat: number;
}

export function fitOu(x: ArrayLike<number>, from = 0, to = x.length): OuFit {
  const n = to - from - 1;
  let sx = 0;
  let sy = 0;
  for (let t = from + 1; t < to; t++) {
    sx += x[t - 1] as number;
    sy += x[t] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let t = from + 1; t < to; t++) {
    const dx = (x[t - 1] as number) - mx;
    const dy = (x[t] as number) - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const phi = sxx > 0 ? sxy / sxx : 1;
  const residualSd = Math.sqrt(Math.max(syy - phi * sxy, 0) / Math.max(n - 2, 1));
  const meanReverting = phi > 0 && phi < 1;
  const kappa = meanReverting ? -Math.log(phi) : 0;
  return {
    phi,
    kappa,
    halfLife: meanReverting ? Math.LN2 / kappa : Number.POSITIVE_INFINITY,
    mean: meanReverting ? (my - phi * mx) / (1 - phi) : Number.NaN,
    eqSd: meanReverting ? residualSd / Math.sqrt(1 - phi * phi) : Number.POSITIVE_INFINITY,
    dfStat: sxx > 0 ? (phi - 1) / (residualSd / Math.sqrt(sxx)) : 0,
  };
}

/**
 * Average of the expected values over the next `steps` steps from `now`:
 * (1/H)·Σ_{k=1..H} E[x_{t+k}] = μ + (x_t − μ)·φ·(1 − φ^H) / (H·(1 − φ)).
 */
export function ouMeanForecast(now: number, fit: OuFit, steps: number): number {
  if (!(fit.phi > 0 && fit.phi < 1)) return now;
  return fit.mean + ((now - fit.mean) * fit.phi * (1 - fit.phi ** steps)) / (steps * (1 - fit.phi));
}
