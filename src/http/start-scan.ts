// Starting a scan, shared by POST /v1/scans and the compatibility route: checks the request against the catalogue and
// the market, reuses the caller's running scan unless forced, applies admission control, then registers the scan
// synchronously — so it is readable before the response is sent.
import type { ScanSnapshot } from '../scan-snapshot.js';
import type { RouteDeps } from './app-deps.js';
import { assertCapacity, assertPredictedCapacity } from './capacity.js';
import { ServiceError, shuttingDown } from './problem.js';
import type { ScanRequestBody } from './schemas/request-schemas.js';

export interface StartedScan {
  snapshot: ScanSnapshot;
  /** True when the caller's running scan was returned instead of a new one. */
  reused: boolean;
}

function resolveStrategies(deps: RouteDeps, requested: string[] | undefined): string[] {
  const valid = deps.catalogue.map((s) => s.id);
  if (requested === undefined) return valid;
  const known = new Set(valid);
  const unknown = requested.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new ServiceError('UNKNOWN_STRATEGY', 400, {
      detail: `Unknown strategies: ${unknown.slice(0, 20).join(', ')}.`,
      extra: { validStrategies: valid },
    });
  }
  return requested;
}

function resolveSymbols(deps: RouteDeps, requested: string[] | undefined): string[] {
  const universe = deps.service.market.symbols;
  if (requested === undefined) return [...universe];
  const known = new Set(universe);
  const symbols = [...new Set(requested)];
  const unknown = symbols.filter((s) => !known.has(s));
  if (unknown.length > 0) {
    throw new ServiceError('UNKNOWN_SYMBOL', 400, {
      detail: `Symbols not in the loaded market: ${unknown.slice(0, 20).join(', ')}.`,
      extra: { unknownSymbols: unknown.slice(0, 100) },
    });
  }
  return symbols;
}

export function startScan(deps: RouteDeps, userId: string, body: ScanRequestBody): StartedScan {
  if (deps.lifecycle.shuttingDown) throw shuttingDown();
  const { registry } = deps.service;
  const strategies = resolveStrategies(deps, body.strategies);
  const symbols = resolveSymbols(deps, body.symbols);
  if (body.force !== true) {
    const active = registry.activeScanOf(userId);
    const snapshot = active === undefined ? undefined : registry.snapshot(active);
    if (snapshot) return { snapshot, reused: true };
  }
  assertCapacity(registry, deps.config.scans);
  const budgetMs = body.budgetMs ?? deps.config.scans.defaultBudgetMs;
  const strategyTimeoutMs = body.strategyTimeoutMs ?? deps.config.scans.defaultStrategyTimeoutMs;
  const portfolio = body.portfolio ?? { ...deps.defaultPortfolio };
  assertPredictedCapacity(deps.service, { strategies, budgetMs, params: { symbols, portfolio } });
  const id = registry.create({ userId, strategies, budgetMs, strategyTimeoutMs, params: { symbols, portfolio } });
  deps.observer.started({ scanId: id, userId, strategies: strategies.length, symbols: symbols.length, budgetMs, strategyTimeoutMs });
  const snapshot = registry.snapshot(id);
  // create() registers synchronously; a missing snapshot here would be an engine bug, not a client error.
  if (!snapshot) throw new Error(`scan ${id} vanished right after creation`);
  return { snapshot, reused: false };
}
