// Moving Average Convergence Divergence (Appel): macd = EMA_fast − EMA_slow; signal = EMA_signal(macd), seeded with the
// first macd value (index slow − 1); histogram = macd − signal. Matches trading-signals' MACD built from its EMAs.
// macd is NaN before index slow − 1; signal and histogram are NaN until the signal EMA has `signal` inputs.
import { emaInto } from './ema.js';

export interface MacdSeries {
  macd: Float64Array;
  signal: Float64Array;
  histogram: Float64Array;
}

export function macd(values: ArrayLike<number>, fast = 12, slow = 26, signalPeriod = 9): MacdSeries {
  const n = values.length;
  const fastLine = new Float64Array(n);
  const slowLine = new Float64Array(n);
  emaInto(values, fast, fastLine, 0);
  emaInto(values, slow, slowLine, 0);
  const line = new Float64Array(n).fill(Number.NaN);
  for (let i = slow - 1; i < n; i++) line[i] = (fastLine[i] as number) - (slowLine[i] as number);
  const signal = new Float64Array(n).fill(Number.NaN);
  if (n >= slow) emaInto(line, signalPeriod, signal, slow - 1);
  const histogram = new Float64Array(n).fill(Number.NaN);
  const firstStable = slow - 1 + signalPeriod - 1;
  for (let i = 0; i < n; i++) {
    if (i < firstStable) signal[i] = Number.NaN;
    else histogram[i] = (line[i] as number) - (signal[i] as number);
  }
  return { macd: line, signal, histogram };
}
