// Final snapshots written by an instance that does not run the scan: its owner died (INSTANCE_LOST), no instance took
// it before its deadline (NOT_PLACED), or it was cancelled while still queued. Pure: a stored snapshot in, the final one
// out, one version later. Strategies that had settled keep their results; the others end as `unsettled` says.
import type { FinalScanState, StrategyError } from '../../machines/scan-types.js';
import { progressOf, type ScanSnapshot, type StrategySnapshot } from '../core/scan-snapshot.js';

export type ElsewhereReason = 'instance_lost' | 'not_placed' | 'cancelled';

const UNSETTLED = new Set(['queued', 'running']);

const ERRORS: Record<Exclude<ElsewhereReason, 'cancelled'>, StrategyError> = {
  instance_lost: { code: 'INSTANCE_LOST', message: 'the instance running this strategy stopped answering; the scan was finalised by another instance' },
  not_placed: { code: 'NOT_PLACED', message: 'no instance had a free worker for this scan before its deadline' },
};

export function finalizeElsewhere(stored: ScanSnapshot, reason: ElsewhereReason, at: number): ScanSnapshot {
  const strategies = stored.strategies.map((s): StrategySnapshot => {
    if (!UNSETTLED.has(s.status)) return s;
    const ran = s.status === 'running';
    if (reason === 'cancelled') return { ...s, status: ran ? 'cancelled' : 'skipped', coverage: 0, chunks: s.chunks };
    if (reason === 'not_placed') return { ...s, status: 'skipped', error: ERRORS.not_placed, coverage: 0 };
    return { ...s, status: 'failed', error: ERRORS.instance_lost, coverage: 0, durationMs: ran && s.startedAt ? Math.max(0, at - Date.parse(s.startedAt)) : s.durationMs };
  });
  const succeeded = strategies.filter((s) => s.status === 'succeeded').length;
  const state: FinalScanState =
    reason === 'cancelled' ? 'cancelled' : succeeded === strategies.length ? 'complete' : succeeded > 0 ? 'partial' : 'failed';
  const createdAt = Date.parse(stored.createdAt);
  return {
    ...stored,
    state,
    done: true,
    version: stored.version + 1,
    finishedAt: new Date(at).toISOString(),
    elapsedMs: Math.max(0, Math.round(at - createdAt)),
    progress: progressOf(strategies),
    strategies,
  };
}
