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
}

/** A catalogue module (the real one, or a test fixture) exports its strategies under this name. */
export interface StrategyCatalogueModule {
  strategyCatalogue: readonly StrategyDefinition[];
}
