// What every chunk of risk_management needs before it draws paths: the holdings' aligned closes, their hourly log
// returns and the Cholesky factor of the returns' covariance. Memoised per worker (support/last-input-memo.ts): a
// worker running several chunks of a scan builds it once (about 5 ms for 32 holdings on the heavy market, against
// ~15 ms for a block of 250 paths), and the unsplit run, one chunk per block, once instead of 40 times.
import { alignCloses } from '../../indicators/align.js';
import { seriesFor, type MarketData, type SymbolSeries } from '../../market-data.js';
import type { StopCheck, StrategyParams } from '../../strategy-types.js';
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
    return { closes, returns, cholesky };
  });
}
