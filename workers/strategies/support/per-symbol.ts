// The loop shared by strategies that judge each symbol on its own: evaluate the requested symbols one by one, checking
// the stop flag between them (evaluations check it inside too when a symbol is long), then rank and trim.
import type { Opportunity } from '../../../machines/opportunity.js';
import { seriesFor, type MarketData, type SymbolSeries } from '../../market-data.js';
import type { StopCheck, StrategyParams } from '../../strategy-types.js';
import { finalize } from './finalize.js';

export interface SymbolContext {
  /** How many symbols are evaluated: the family size for confidenceFromZ. */
  tests: number;
  intervalMs: number;
  params: StrategyParams;
  shouldStop: StopCheck;
}

export type SymbolEvaluation = (s: SymbolSeries, context: SymbolContext) => Opportunity | null;

export function runPerSymbol(market: MarketData, params: StrategyParams, shouldStop: StopCheck, evaluate: SymbolEvaluation): Opportunity[] {
  const universe = seriesFor(market, params.symbols);
  const context: SymbolContext = { tests: universe.length, intervalMs: market.intervalMs, params, shouldStop };
  const found: Opportunity[] = [];
  for (const s of universe) {
    if (shouldStop()) break;
    const o = evaluate(s, context);
    if (o) found.push(o);
  }
  return finalize(found);
}
