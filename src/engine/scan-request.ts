// What a caller asks for, checked against the loaded catalogue and market and completed with the configured defaults:
// the one place a request becomes a ScanRequest, whichever adapter it came through.
import type { ScanLimits } from './scan-limits.js';
import type { ScanRequest } from '../core/scan-registry.js';
import { EngineError } from './engine-error.js';

/** A scan as a caller asks for it; every field optional. */
export interface StartScanInput {
  strategies?: string[];
  symbols?: string[];
  portfolio?: Record<string, number>;
  budgetMs?: number;
  strategyTimeoutMs?: number;
  /** Start a new scan even if the caller has one running. */
  force?: boolean;
}

export interface RequestContext {
  strategyIds: readonly string[];
  symbols: readonly string[];
  defaultPortfolio: Readonly<Record<string, number>>;
  limits: Pick<ScanLimits, 'defaultBudgetMs' | 'defaultStrategyTimeoutMs'>;
}

/** At most this many offending ids are named in a refusal. */
const NAMED = 20;

function unknownIn(requested: readonly string[], known: ReadonlySet<string>): string[] {
  return requested.filter((id) => !known.has(id));
}

export function resolveScanRequest(input: StartScanInput, userId: string, ctx: RequestContext): ScanRequest {
  const strategies = input.strategies ?? [...ctx.strategyIds];
  const badStrategies = unknownIn(strategies, new Set(ctx.strategyIds));
  if (badStrategies.length > 0) {
    throw new EngineError('UNKNOWN_STRATEGY', `Unknown strategies: ${badStrategies.slice(0, NAMED).join(', ')}.`, { extra: { validStrategies: [...ctx.strategyIds] } });
  }
  const universe = new Set(ctx.symbols);
  const symbols = input.symbols ? [...new Set(input.symbols)] : [...ctx.symbols];
  const portfolio = input.portfolio ?? { ...ctx.defaultPortfolio };
  const badSymbols = [...new Set([...unknownIn(symbols, universe), ...unknownIn(Object.keys(portfolio), universe)])];
  if (badSymbols.length > 0) {
    throw new EngineError('UNKNOWN_SYMBOL', `Symbols not in the loaded market: ${badSymbols.slice(0, NAMED).join(', ')}.`, { extra: { unknownSymbols: badSymbols.slice(0, 100) } });
  }
  return {
    userId,
    strategies,
    budgetMs: input.budgetMs ?? ctx.limits.defaultBudgetMs,
    strategyTimeoutMs: input.strategyTimeoutMs ?? ctx.limits.defaultStrategyTimeoutMs,
    params: { symbols, portfolio },
  };
}
