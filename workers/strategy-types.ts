// The contract between the worker entry and every strategy: a pure function of market data, parameters and a stop-check.
import type { Opportunity } from '../machines/opportunity.js';
import type { MarketData } from './market-data.js';

/**
 * Cooperative cancellation: strategies call it inside their loops (at most ~1 ms of work between calls) and, once it
 * returns true, return what they have found so far. It is cheap (an Atomics.load and a clock read).
 */
export type StopCheck = () => boolean;

/** Per-scan parameters: everything a task carries. The market data itself is shared once per worker, never per task. */
export interface StrategyParams {
  /** Symbols to consider; the strategy ignores the rest of the universe. */
  symbols: string[];
  /** Holdings in units of each symbol (risk_management, hedge_position, portfolio_optimization). */
  portfolio: Record<string, number>;
}

export interface StrategyDefinition {
  id: string;
  name: string;
  description: string;
  /** Which market-data series the strategy reads (documentation for GET /v1/strategies). */
  inputs: string[];
  run(market: MarketData, params: StrategyParams, shouldStop: StopCheck): Opportunity[];
  /**
   * Present when the strategy's work splits into independent chunks: the engine then runs each chunk as its own pool task
   * and reduces the partial results on the main thread. `run` must give the same result as planning one chunk per unit
   * of work and reducing them all (workers/chunked-run.ts builds such a `run` from these three functions).
   */
  chunks?: ChunkedWork;
}

/**
 * A strategy's work as map/reduce. All three are pure and deterministic; descriptors and partials cross threads by
 * structured clone, so they are plain data (typed arrays welcome).
 * - `plan` is cheap (no market-wide computation): it lists the chunks covering the whole work, about `parts` of them
 *   (fewer when there are fewer units of work). The chunking must not change the result: whatever `parts` is, reducing
 *   every chunk's partial gives the same opportunities (seed per unit of work, never per chunk).
 * - `runChunk` returns the chunk's partial result; once `shouldStop()` says true it may return anything (the engine
 *   discards a stopped chunk's partial).
 * - `reduce` gets the partials of the finished chunks in chunk order (so it never depends on the order chunks finish in)
 *   and must be cheap: it runs on the engine's main thread. With fewer than all chunks it ranks what they found.
 */
export interface ChunkedWork<Chunk = unknown, Part = unknown> {
  plan(market: MarketData, params: StrategyParams, parts: number): Chunk[];
  runChunk(market: MarketData, params: StrategyParams, chunk: Chunk, shouldStop: StopCheck): Part;
  reduce(market: MarketData, params: StrategyParams, partials: Part[]): Opportunity[];
}

/** A catalogue module (the real one, or a test fixture) exports its strategies under this name. */
export interface StrategyCatalogueModule {
  strategyCatalogue: readonly StrategyDefinition[];
}
