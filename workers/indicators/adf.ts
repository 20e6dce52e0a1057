// Augmented Dickey–Fuller test with a constant: Δy_t = α + γ·y_{t−1} + Σ_{j=1..p} δ_j·Δy_{t−j} + ε_t; the statistic is
// the t-ratio of γ (very negative → stationary). p-values use MacKinnon's (1994) response surfaces, as statsmodels'
// `mackinnonp` does, for N = 1 (plain ADF) or N = 2 (Engle–Granger residuals of a two-series cointegrating regression).
import { normCdf } from './normal.js';
import { MomentAccumulator } from './moment-accumulator.js';

export interface AdfResult {
  stat: number;
  /** Estimated γ (the AR coefficient minus one). */
  gamma: number;
  lags: number;
  n: number;
}

/** ADF statistic of y over [from, to) with `lags` lagged differences; NaN stat when the regression is degenerate. */
export function adfTest(y: ArrayLike<number>, lags: number, from = 0, to = y.length): AdfResult {
  const regression = new MomentAccumulator(2 + lags);
  const row = new Float64Array(2 + lags);
  row[0] = 1;
  const offset = y[from] as number; // centring the level keeps XᵀX well conditioned; γ and its t-ratio are unchanged
  for (let t = from + lags + 1; t < to; t++) {
    const yPrev = y[t - 1] as number;
    row[1] = yPrev - offset;
    for (let j = 1; j <= lags; j++) row[1 + j] = (y[t - j] as number) - (y[t - j - 1] as number);
    regression.add(row, (y[t] as number) - yPrev);
  }
  const n = regression.n;
  const fit = regression.solve();
  if (!fit) return { stat: Number.NaN, gamma: Number.NaN, lags, n };
  const gamma = fit.beta[1] as number;
  return { stat: gamma / (fit.se[1] as number), gamma, lags, n };
}

// MacKinnon (1994) Table 3 coefficients, constant-only regression, for N = 1 and N = 2 series.
const TAU_STAR = [-1.61, -2.62];
const TAU_MIN = [-18.83, -18.86];
const TAU_MAX = [2.74, 0.92];
const SMALL_P = [
  [2.1659, 1.4412, 0.038269],
  [2.92, 1.5012, 0.039796],
];
const LARGE_P = [
  [1.7339, 0.93202, -0.12745, -0.010368],
  [2.1945, 0.64695, -0.29198, -0.042377],
];

/** Approximate p-value of an ADF / Engle–Granger statistic (nSeries 1 or 2, constant in the regression). */
export function mackinnonPValue(stat: number, nSeries: 1 | 2): number {
  const i = nSeries - 1;
  if (Number.isNaN(stat)) return 1;
  if (stat > (TAU_MAX[i] as number)) return 1;
  if (stat < (TAU_MIN[i] as number)) return 0;
  const coefficients = (stat <= (TAU_STAR[i] as number) ? SMALL_P[i] : LARGE_P[i]) as number[];
  let z = 0;
  for (let p = coefficients.length - 1; p >= 0; p--) z = z * stat + (coefficients[p] as number);
  return normCdf(z);
}
