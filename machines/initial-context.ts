// The context a scan starts with, from what it was asked to do. Pure: the scan machine starts from it, and the
// `initiated` snapshot of a scan that has no actor yet (src/core/scan-snapshot.ts) is built from it.
import type { ScanContext, ScanInput, StrategyRecord } from './scan-types.js';

/** Every strategy queued, nothing found yet, version 1 (or the version a shared queue continues from). */
export function initialContext(input: ScanInput): ScanContext {
  const strategies: Record<string, StrategyRecord> = {};
  const quarantined = new Set(input.plan?.quarantined ?? []);
  for (const id of input.strategies) {
    strategies[id] = {
      id,
      status: 'queued',
      startedAt: null,
      finishedAt: null,
      deadlineAt: null,
      opportunities: 0,
      truncated: false,
      error: null,
      expectedMs: input.plan?.expectedMs[id] ?? null,
      quarantined: quarantined.has(id),
      chunks: null,
      coverage: null,
    };
  }
  return {
    strategyIds: [...input.strategies],
    scanId: input.scanId,
    strategies,
    opportunities: [],
    budgetMs: input.budgetMs,
    budgetLeftMs: Math.max(0, Math.min(input.budgetMs, input.budgetLeftMs ?? input.budgetMs)),
    strategyTimeoutMs: input.strategyTimeoutMs,
    createdAt: input.createdAt,
    deadlineAt: input.createdAt + input.budgetMs,
    startedAt: null,
    version: input.version ?? 1,
    params: input.params,
    plan: input.plan ? { policy: input.plan.policy, predictedFinishAt: input.plan.predictedFinishAt } : null,
  };
}
