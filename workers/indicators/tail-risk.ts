// Value at Risk and Conditional VaR (expected shortfall) of a loss sample at confidence level `level` (e.g. 0.99):
// VaR is the empirical `level` quantile of the losses; CVaR is the mean of the losses at or beyond VaR.

export interface TailRisk {
  var: number;
  cvar: number;
  /** Index threshold: losses sorted ascending from this index form the tail. */
  tailStart: number;
}

/** `losses` is sorted in place (ascending). */
export function tailRisk(losses: Float64Array, level: number): TailRisk {
  losses.sort();
  const n = losses.length;
  const tailStart = Math.min(Math.max(Math.floor(level * n), 0), n - 1);
  let sum = 0;
  for (let i = tailStart; i < n; i++) sum += losses[i] as number;
  return { var: losses[tailStart] as number, cvar: sum / (n - tailStart), tailStart };
}
