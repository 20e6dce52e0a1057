// The plain JSON snapshot of a scan that status polling, SSE and the CLI serve (shape fixed by the HTTP contract).
import type { Opportunity } from '../../machines/opportunity.js';
import type { ChunkProgress, PlanPolicy, ScanContext, ScanState, StrategyError, StrategyRecord, StrategyStatus } from '../../machines/scan-types.js';

export interface StrategySnapshot {
  id: string;
  status: StrategyStatus;
  startedAt: string | null;
  durationMs: number | null;
  deadlineAt: string | null;
  opportunities: number;
  truncated: boolean;
  error?: StrategyError;
  /** Expected run time when the scan was planned, ms; null when never seen. */
  expectedMs: number | null;
  /** Planned last: hard-killed in several consecutive runs. */
  quarantined: boolean;
  /** Run as chunks in parallel pool tasks: how many, and how many have finished; null when run whole. */
  chunks: ChunkProgress | null;
  /** Once settled: the fraction of its chunks its opportunities come from (< 1 when cut at its deadline; a strategy run
   * whole counts as one chunk); null until then. */
  coverage: number | null;
}

/** How the engine planned the scan when it was created. */
export interface PlanSnapshot {
  policy: PlanPolicy;
  /** When the strategies predicted to fit should be done; null when none is. */
  predictedFinishAt: string | null;
}

export type Progress = Record<'total' | 'queued' | 'running' | 'succeeded' | 'failed' | 'timedOut' | 'cancelled' | 'skipped', number>;

export interface ScanSnapshot {
  id: string;
  userId: string;
  state: ScanState;
  done: boolean;
  version: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  budgetMs: number;
  deadlineAt: string;
  elapsedMs: number;
  progress: Progress;
  strategies: StrategySnapshot[];
  opportunities: Opportunity[];
  plan: PlanSnapshot | null;
  /** The instance that runs or ran the scan; null while it waits in a shared queue (distributed mode). */
  instance: string | null;
}

export interface SnapshotSource {
  id: string;
  userId: string;
  instance: string | null;
  state: ScanState;
  context: ScanContext;
  /** Wall-clock ms when the scan was observed reaching its final state. */
  finishedAt: number | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

const PROGRESS_KEY: Record<StrategyStatus, keyof Progress> = {
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  timed_out: 'timedOut',
  cancelled: 'cancelled',
  skipped: 'skipped',
};

export function progressOf(records: readonly { status: StrategyStatus }[]): Progress {
  const progress: Progress = { total: records.length, queued: 0, running: 0, succeeded: 0, failed: 0, timedOut: 0, cancelled: 0, skipped: 0 };
  for (const r of records) progress[PROGRESS_KEY[r.status]] += 1;
  return progress;
}

function strategySnapshot(r: StrategyRecord, now: number): StrategySnapshot {
  const end = r.finishedAt ?? (r.status === 'running' ? now : null);
  return {
    id: r.id,
    status: r.status,
    startedAt: iso(r.startedAt),
    durationMs: r.startedAt !== null && end !== null ? Math.max(0, Math.round(end - r.startedAt)) : null,
    deadlineAt: iso(r.deadlineAt),
    opportunities: r.opportunities,
    truncated: r.truncated,
    ...(r.error ? { error: r.error } : {}),
    expectedMs: r.expectedMs === null ? null : Math.round(r.expectedMs),
    quarantined: r.quarantined,
    chunks: r.chunks && { total: r.chunks.total, done: r.chunks.done },
    coverage: r.coverage === null ? null : Math.round(r.coverage * 1000) / 1000,
  };
}

export function toScanSnapshot(source: SnapshotSource, now: number): ScanSnapshot {
  const { context } = source;
  const records = context.strategyIds.map((id) => context.strategies[id] as StrategyRecord);
  const done = source.finishedAt !== null;
  return {
    id: source.id,
    userId: source.userId,
    state: source.state,
    done,
    version: context.version,
    createdAt: iso(context.createdAt) as string,
    startedAt: iso(context.startedAt),
    finishedAt: iso(source.finishedAt),
    budgetMs: context.budgetMs,
    deadlineAt: iso(context.deadlineAt) as string,
    elapsedMs: Math.max(0, Math.round((source.finishedAt ?? now) - context.createdAt)),
    progress: progressOf(records),
    strategies: records.map((r) => strategySnapshot(r, now)),
    opportunities: context.opportunities,
    plan: context.plan && { policy: context.plan.policy, predictedFinishAt: iso(context.plan.predictedFinishAt) },
    instance: source.instance,
  };
}
