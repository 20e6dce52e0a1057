// The loop shared by strategies that judge each symbol on its own: evaluate the requested symbols one by one, checking
// the stop flag between them (evaluations check it inside too when a symbol is long), then rank and trim.
// `perSymbolChunks` is the same loop as fork-join work: a chunk evaluates a contiguous range of the requested symbols.
import type { Opportunity } from '../../../machines/opportunity.js';
import { seriesFor, type MarketData, type SymbolSeries } from '../../market-data.js';
import type { ChunkedWork, StopCheck, StrategyParams } from '../../strategy-types.js';
import { finalize } from './finalize.js';
import { planRanges, type UnitRange } from './split-units.js';

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
  const found = evaluateRange(market, params, universe, { from: 0, to: universe.length }, shouldStop, evaluate);
  return finalize(found);
}

/**
 * One unit of work per requested symbol; a chunk's partial is what its symbols found, in symbol order. The family size
 * stays the number of requested symbols in every chunk, so a symbol scores the same however the work is split.
 */
export function perSymbolChunks(evaluate: SymbolEvaluation): ChunkedWork<UnitRange, Opportunity[]> {
  return {
    plan: (market, params, parts) => planRanges(seriesFor(market, params.symbols).length, parts),
    runChunk: (market, params, range, shouldStop) => evaluateRange(market, params, seriesFor(market, params.symbols), range, shouldStop, evaluate),
    reduce: (_market, _params, partials) => finalize(partials.flat()),
  };
}

function evaluateRange(
  market: MarketData,
  params: StrategyParams,
  universe: readonly SymbolSeries[],
  { from, to }: UnitRange,
  shouldStop: StopCheck,
  evaluate: SymbolEvaluation,
): Opportunity[] {
  const context: SymbolContext = { tests: universe.length, intervalMs: market.intervalMs, params, shouldStop };
  const found: Opportunity[] = [];
  for (let k = from; k < Math.min(to, universe.length); k++) {
    if (shouldStop()) break;
    const o = evaluate(universe[k] as SymbolSeries, context);
    if (o) found.push(o);
  }
  return found;
}
