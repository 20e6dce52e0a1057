// Cross-sectional strategies work on hourly log returns: sampling every hour keeps the bid–ask bounce of 5-minute
// closes out of covariances and betas. One log per candle over many symbols is a few milliseconds, so the stop flag is
// checked between symbols.
import { blockLogReturns } from '../../indicators/returns.js';
import type { StopCheck } from '../../strategy-types.js';
import { HOUR_MS, candlesIn } from './horizon.js';

/** Hourly log returns of each aligned close series; null when stopped. */
export function hourlyReturns(closes: readonly ArrayLike<number>[], intervalMs: number, shouldStop: StopCheck): Float64Array[] | null {
  const block = candlesIn(HOUR_MS, intervalMs);
  const returns: Float64Array[] = [];
  for (const close of closes) {
    if (shouldStop()) return null;
    returns.push(blockLogReturns(close, block));
  }
  return returns;
}
