// JIT warm-up: every strategy runs a few times over a small slice of the market, as background work (threads no scan
// wants), before the process calls itself ready. V8 compiles a strategy's hot loops during these runs, so the first real
// scan's runs are not the 3–10× slower first runs; a slice keeps it cheap (about an eighth of one full scan per copy on
// the default market). One copy per pool worker, so each worker has likely seen each strategy (Piscina picks the
// worker; the warm spare may be left out, which costs the first task after a hard abort its JIT warm-up only).
import type { StrategyParams } from '../../workers/strategy-types.js';

/** Symbols the warm-up runs over: enough for pairwise strategies to have pairs, few enough to stay cheap. */
export const WARM_UP_SYMBOLS = 3;
/** A warm-up run longer than this is stopped: its code is warm by then. */
const WARM_UP_CAP_MS = 100;

/** The pool as the warm-up uses it (src/core/strategy-pool.ts): background runs, and how many workers it has. */
export interface WarmUpPool {
  readonly stats: { workers: number };
  run(request: { scanId: null; strategy: string; params: StrategyParams; strategyTimeoutMs: number; budgetMs: number; scanDeadlineAt: number }): Promise<unknown>;
}

export interface WarmUpResult {
  runs: number;
  durationMs: number;
}

export async function warmUp(pool: WarmUpPool, strategies: readonly string[], params: StrategyParams): Promise<WarmUpResult> {
  const started = performance.now();
  const slice: StrategyParams = { symbols: params.symbols.slice(0, WARM_UP_SYMBOLS), portfolio: params.portfolio };
  const copies = Math.max(1, pool.stats.workers);
  const runs = strategies.flatMap((strategy) =>
    Array.from({ length: copies }, () =>
      pool.run({ scanId: null, strategy, params: slice, strategyTimeoutMs: WARM_UP_CAP_MS, budgetMs: WARM_UP_CAP_MS, scanDeadlineAt: Number.POSITIVE_INFINITY }),
    ),
  );
  await Promise.all(runs);
  return { runs: runs.length, durationMs: performance.now() - started };
}
