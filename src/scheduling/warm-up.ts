// JIT warm-up: every strategy runs on the full market, capped, as background work (threads no scan wants), before the
// process calls itself ready. V8 compiles a strategy's hot loops and the worker's heap grows to a scan's size during
// these runs, so the first real scan's runs are not the slower first runs. Over a 3-symbol slice (before) the first
// full-market run after it still took 1.5–6× a warm one (calibration measured funding_arbitrage at 19 ms, the scan
// after it ran in 3), so the warm-up now runs what scans run. The cap keeps it bounded on any market (about 1.5 s on
// the default one, 2 threads). One copy per pool worker, so each worker has likely seen each strategy (Piscina picks
// the worker; the warm spare may be left out, which costs the first task after a hard abort its JIT warm-up only).
// Warm-up runs teach the cost model nothing: cold by design, they would make every plan pessimistic.
import type { StrategyParams } from '../../workers/strategy-types.js';

/** A warm-up run longer than this is stopped: its code is warm by then. */
const WARM_UP_CAP_MS = 100;

/** The pool as the warm-up uses it (src/core/strategy-pool.ts): background runs, and how many workers it has. */
export interface WarmUpPool {
  readonly stats: { workers: number };
  run(request: { scanId: null; strategy: string; params: StrategyParams; strategyTimeoutMs: number; budgetMs: number; scanDeadlineAt: number; teaches: false }): Promise<unknown>;
}

export interface WarmUpResult {
  runs: number;
  durationMs: number;
}

export async function warmUp(pool: WarmUpPool, strategies: readonly string[], params: StrategyParams): Promise<WarmUpResult> {
  const started = performance.now();
  const copies = Math.max(1, pool.stats.workers);
  const runs = strategies.flatMap((strategy) =>
    Array.from({ length: copies }, () =>
      pool.run({ scanId: null, strategy, params, strategyTimeoutMs: WARM_UP_CAP_MS, budgetMs: WARM_UP_CAP_MS, scanDeadlineAt: Number.POSITIVE_INFINITY, teaches: false }),
    ),
  );
  await Promise.all(runs);
  return { runs: runs.length, durationMs: performance.now() - started };
}
