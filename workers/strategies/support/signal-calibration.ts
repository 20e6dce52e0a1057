// Does a signal predict returns on this symbol's own history? Regress the forward `horizon`-candle log return on the
// signal, sampling every `horizon` candles so the forward windows do not overlap (overlapping windows would inflate the
// t-statistic). The slope turns today's signal into an expected return; its t-ratio is the evidence.
import { simpleOls } from '../../indicators/ols.js';

export interface SignalCalibration {
  /** Expected forward log return per unit of signal. */
  slope: number;
  tStat: number;
  /** Standard deviation of forward returns around the fit. */
  residualSd: number;
  samples: number;
}

export function calibrateSignal(
  signal: ArrayLike<number>,
  logClose: ArrayLike<number>,
  horizon: number,
  from: number,
  to: number,
): SignalCalibration | null {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let t = from; t + horizon < to; t += horizon) {
    const s = signal[t] as number;
    if (!Number.isFinite(s)) continue;
    xs.push(s);
    ys.push((logClose[t + horizon] as number) - (logClose[t] as number));
  }
  if (xs.length < 20) return null;
  const fit = simpleOls(xs, ys);
  if (!Number.isFinite(fit.slopeSe) || fit.slopeSe === 0) return null;
  return { slope: fit.slope, tStat: fit.slope / fit.slopeSe, residualSd: fit.residualSd, samples: xs.length };
}
