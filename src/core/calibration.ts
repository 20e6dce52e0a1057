// Start-up calibration: each strategy never seen on this market runs once, in the background, on the full market, so the
// first real scans are planned from measured costs instead of a guess. Background tasks only take threads no scan wants
// and give them back at once when one does (their partial run still counts, as a lower bound), so calibration never
// delays a scan by more than a stop-check gap. Costs come from the pool itself, contention included.
import type { StrategyParams } from '../../workers/strategy-types.js';
import type { StrategyPool } from './strategy-pool.js';

export interface CalibrationResult {
  strategy: string;
  /** How the calibration run ended (succeeded, timed_out when cut short by its cap or a scan, failed). */
  status: string;
  /** The model's estimate afterwards, ms (null if the run taught nothing, e.g. it failed). */
  expectedMs: number | null;
}

/** Default cap per calibration run: a longer strategy is known as "at least this long", which is all a plan needs. */
export const DEFAULT_CALIBRATION_CAP_MS = 10_000;

export async function calibrate(pool: StrategyPool, strategies: readonly string[], params: StrategyParams, capMs = DEFAULT_CALIBRATION_CAP_MS): Promise<CalibrationResult[]> {
  const unknown = strategies.filter((s) => pool.costModel.expectedMs(s, params.symbols.length) === undefined);
  return Promise.all(
    unknown.map(async (strategy) => {
      const outcome = await pool.run({ scanId: null, strategy, params, strategyTimeoutMs: capMs, budgetMs: capMs, scanDeadlineAt: Number.POSITIVE_INFINITY });
      pool.costModel.markCalibrated(strategy, params.symbols.length);
      return { strategy, status: outcome.status, expectedMs: pool.costModel.expectedMs(strategy, params.symbols.length) ?? null };
    }),
  );
}
