// What every chunk of risk_management needs before it draws paths: the holdings' aligned closes, their hourly log
// returns and the Cholesky factor of the returns' covariance, plus the last closes and daily drifts every chunk sends
// for the reduce. Memoised per worker (support/last-input-memo.ts): a worker running several chunks of a scan builds it
// once (about 5 ms for 32 holdings on the heavy market, against ~15 ms for a block of 250 paths), and the unsplit run,
// one chunk per block, once instead of 40 times. The drifts used to be computed in every chunk: 0.75 ms each, 8 % of
// the unsplit run (40 one-block chunks) and 3.5 % of a 16-chunk split on the heavy market.
import { alignCloses } from '../../indicators/align.js';
import { seriesFor, type MarketData, type SymbolSeries } from '../../market-data.js';
import type { StopCheck, StrategyParams } from '../../strategy-types.js';
import { DAY_MS, HOUR_MS, candlesIn } from '../support/horizon.js';
import { hourlyReturns } from '../support/hourly-returns.js';
import { lastInputMemo } from '../support/last-input-memo.js';
import { returnsCholesky } from './monte-carlo-paths.js';

export interface HoldingsModel {
  /** Closes of the holdings on their common timestamps. */
  closes: ArrayLike<number>[];
  /** Hourly log returns of each holding. */
  returns: Float64Array[];
  /** Lower Cholesky factor of the hourly covariance; null when it is not positive definite (no Monte Carlo then). */
  cholesky: Float64Array | null;
  /** Each holding's last aligned close. */
  lastClose: Float64Array;
  /** Each holding's mean hourly log return, scaled to the 1-day horizon. */
  drift: Float64Array;
}

/** The requested symbols held in the portfolio (non-zero units), in request order. */
export function heldSeries(market: MarketData, params: StrategyParams): SymbolSeries[] {
  return seriesFor(market, params.symbols).filter((s) => (params.portfolio[s.symbol] ?? 0) !== 0);
}

const memo = lastInputMemo<HoldingsModel>();

/** Null when stopped. */
export function holdingsModel(market: MarketData, held: readonly SymbolSeries[], shouldStop: StopCheck): HoldingsModel | null {
  return memo([market.intervalMs, ...held], () => {
    const { closes } = alignCloses(held);
    const returns = hourlyReturns(closes, market.intervalMs, shouldStop);
    if (!returns) return null;
    const cholesky = returnsCholesky(returns, shouldStop);
    // A null factor is "not positive definite" unless the run was stopped, and only the former may be remembered.
    if (!cholesky && shouldStop()) return null;
    const n = closes[0]?.length ?? 0;
    const lastClose = Float64Array.from(closes, (c) => c[n - 1] as number);
    return { closes, returns, cholesky, lastClose, drift: dailyDrift(returns, market.intervalMs) };
  });
}

/** Mean hourly log return × hours in a day, per holding; summed left to right from 0, as Array#reduce would. */
function dailyDrift(returns: readonly Float64Array[], intervalMs: number): Float64Array {
  const hoursPerDay = candlesIn(DAY_MS, intervalMs) / candlesIn(HOUR_MS, intervalMs);
  return Float64Array.from(returns, (r) => {
    let sum = 0;
    for (let t = 0; t < r.length; t++) sum += r[t] as number;
    return (sum / r.length) * hoursPerDay;
  });
}
