// Final snapshots written by an instance that does not run the scan: its owner died (INSTANCE_LOST), no instance took
// it before its deadline (NOT_PLACED), or it was cancelled while still queued. A thin adapter: the stored snapshot's
// strategies go through the same rules the scan machine ends by (machines/settle.ts), and come back one version later.
// Strategies that had settled keep their stored results untouched.
import { settle, type ScanEnding } from '../../machines/settle.js';
import { progressOf, strategyRecordOf, strategySnapshot, type ScanSnapshot, type StrategySnapshot } from '../core/scan-snapshot.js';

export type ElsewhereReason = Extract<ScanEnding, 'instance_lost' | 'not_placed' | 'cancelled'>;

export function finalizeElsewhere(stored: ScanSnapshot, reason: ElsewhereReason, at: number): ScanSnapshot {
  const before = stored.strategies.map(strategyRecordOf);
  const settled = settle(before, reason, at);
  // settle returns a settled strategy's record as the same object: serve the stored snapshot of it as it was.
  const strategies = settled.strategies.map((r, i): StrategySnapshot => (r === before[i] ? (stored.strategies[i] as StrategySnapshot) : strategySnapshot(r, at)));
  return {
    ...stored,
    state: settled.state,
    done: true,
    version: stored.version + 1,
    finishedAt: new Date(at).toISOString(),
    elapsedMs: Math.max(0, Math.round(at - Date.parse(stored.createdAt))),
    progress: progressOf(strategies),
    strategies,
  };
}
