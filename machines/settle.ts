// How a scan ends, decided once: for every way a scan can end, the final state and what becomes of each strategy that had
// not settled yet. Pure (records and a time in, records out): the scan machine (machines/scan-machine.ts) settles its own
// scans with it, and an instance that finalises a scan it does not run (src/cluster/finalize-elsewhere.ts) uses the same
// rules, so the two can never disagree.
import {
  SETTLED_STATUSES,
  type ChunkProgress,
  type FinalScanState,
  type ScanContext,
  type StrategyError,
  type StrategyRecord,
  type StrategyStatus,
} from './scan-types.js';

/** Every way a scan can end (declared once: the spec iterates over it). */
export const SCAN_ENDINGS = ['all_settled', 'budget', 'cancelled', 'actor_error', 'instance_lost', 'not_placed'] as const;
export type ScanEnding = (typeof SCAN_ENDINGS)[number];

const SETTLED: ReadonlySet<StrategyStatus> = new Set(SETTLED_STATUSES);

/** True once a strategy can no longer change. */
export function isSettled(status: StrategyStatus): boolean {
  return SETTLED.has(status);
}

/** The share of a settled strategy's chunks that finished; a strategy run whole is one chunk (1 if it succeeded, else 0). */
export function coverageOf(status: StrategyStatus, chunks: ChunkProgress | null | undefined): number {
  if (chunks) return chunks.done / Math.max(1, chunks.total);
  return status === 'succeeded' ? 1 : 0;
}

export const TIMEOUT_ERROR: StrategyError = { code: 'STRATEGY_TIMEOUT', message: 'stopped at its deadline' };

/** What an unsettled strategy becomes. `kept`: it stopped where it stood, so it is truncated and its finished chunks count
 * (a budget or a cancel); otherwise whatever it was doing is lost (its owner died, or the scan itself failed). */
interface Closing {
  status: StrategyStatus;
  error: StrategyError | null;
  kept: boolean;
}

interface EndingRule {
  /** The scan's final state; `by_results` when the strategies' results decide it (see `resultOf`). */
  state: FinalScanState | 'by_results';
  /** What a running and a queued strategy become; null: the ending leaves them as they are. */
  running: Closing | null;
  queued: Closing | null;
}

const SKIPPED: Closing = { status: 'skipped', error: null, kept: false };
const lost = (error: StrategyError): Closing => ({ status: 'failed', error, kept: false });
const LOST_ERROR: StrategyError = {
  code: 'INSTANCE_LOST',
  message: 'the instance running this strategy stopped answering; the scan was finalised by another instance',
};
const NOT_PLACED_ERROR: StrategyError = { code: 'NOT_PLACED', message: 'no instance had a free worker for this scan before its deadline' };
const SCAN_ERROR: StrategyError = { code: 'SCAN_ERROR', message: 'the scan itself failed (an internal error, logged by the server)' };

/** `all_settled` has nothing to close: the machine takes it only once every strategy settled (records passed earlier are
 * left as they are). A strategy queued when its owner is lost or the scan fails is `failed`, like a running one: the
 * caller learns why it has no result; `skipped` is kept for strategies left out on purpose (budget, cancel, not placed). */
const RULES: Record<ScanEnding, EndingRule> = {
  all_settled: { state: 'by_results', running: null, queued: null },
  budget: { state: 'by_results', running: { status: 'timed_out', error: TIMEOUT_ERROR, kept: true }, queued: SKIPPED },
  cancelled: { state: 'cancelled', running: { status: 'cancelled', error: null, kept: true }, queued: SKIPPED },
  actor_error: { state: 'failed', running: lost(SCAN_ERROR), queued: lost(SCAN_ERROR) },
  instance_lost: { state: 'by_results', running: lost(LOST_ERROR), queued: lost(LOST_ERROR) },
  not_placed: {
    state: 'by_results',
    running: { status: 'skipped', error: NOT_PLACED_ERROR, kept: false },
    queued: { status: 'skipped', error: NOT_PLACED_ERROR, kept: false },
  },
};

/** A scan that ends by itself or at its budget: complete if every strategy succeeded, partial if some did, else failed. */
export function resultOf(records: readonly { status: StrategyStatus }[]): 'complete' | 'partial' | 'failed' {
  const succeeded = records.filter((r) => r.status === 'succeeded').length;
  if (succeeded === records.length) return 'complete';
  return succeeded > 0 ? 'partial' : 'failed';
}

export interface Settlement {
  state: FinalScanState;
  /** In the order given. A strategy that had settled is returned as the same object: its result is kept as it was. */
  strategies: StrategyRecord[];
}

/** The final state of a scan ending as `ending` at `at` (wall-clock ms), and every strategy's final record. */
export function settle(records: readonly StrategyRecord[], ending: ScanEnding, at: number): Settlement {
  const rule = RULES[ending];
  const strategies = records.map((record) => close(record, rule, at));
  return { state: rule.state === 'by_results' ? resultOf(strategies) : rule.state, strategies };
}

function close(record: StrategyRecord, rule: EndingRule, at: number): StrategyRecord {
  if (isSettled(record.status)) return record;
  const wasRunning = record.status === 'running';
  const closing = wasRunning ? rule.running : rule.queued;
  if (!closing) return record;
  const { status, error, kept } = closing;
  return {
    ...record,
    status,
    // A strategy left out has no finish time (the machine's rule for a `skipped` outcome too).
    finishedAt: status === 'skipped' ? null : at,
    truncated: wasRunning && kept,
    error,
    coverage: kept ? coverageOf(status, record.chunks) : 0,
  };
}

/** The scan's strategy records, in request order. */
export function recordsOf(context: ScanContext): StrategyRecord[] {
  return context.strategyIds.map((id) => context.strategies[id] as StrategyRecord);
}

/** `settle` over a scan's context: the final state, and the context with every strategy settled, one version later. */
export function settleContext(context: ScanContext, ending: ScanEnding, at: number): { state: FinalScanState; context: ScanContext } {
  const { state, strategies } = settle(recordsOf(context), ending, at);
  const byId: Record<string, StrategyRecord> = {};
  for (const record of strategies) byId[record.id] = record;
  return { state, context: { ...context, strategies: byId, version: context.version + 1 } };
}
