// The plain JSON snapshot of a scan that status polling, SSE and the CLI serve (shape fixed by the HTTP contract).
import { initialContext } from '../../machines/initial-context.js';
import type { Opportunity } from '../../machines/opportunity.js';
import type { ChunkProgress, PlanPolicy, ScanContext, ScanInput, ScanState, StrategyError, StrategyRecord, StrategyStatus } from '../../machines/scan-types.js';
import { settleContext, type ScanEnding } from '../../machines/settle.js';

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

/** A strategy record as served: ISO times, a duration (up to `now` while it runs), rounded figures. */
export function strategySnapshot(r: StrategyRecord, now: number): StrategySnapshot {
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

/** The record a served strategy snapshot came from, as far as it tells (times to the ms; a running one's finish unknown):
 * what an instance that holds only the stored snapshot needs to settle it (src/cluster/finalize-elsewhere.ts). */
export function strategyRecordOf(s: StrategySnapshot): StrategyRecord {
  const startedAt = s.startedAt === null ? null : Date.parse(s.startedAt);
  const ended = s.status !== 'queued' && s.status !== 'running';
  return {
    id: s.id,
    status: s.status,
    startedAt,
    finishedAt: ended && startedAt !== null && s.durationMs !== null ? startedAt + s.durationMs : null,
    deadlineAt: s.deadlineAt === null ? null : Date.parse(s.deadlineAt),
    opportunities: s.opportunities,
    truncated: s.truncated,
    error: s.error ?? null,
    expectedMs: s.expectedMs,
    quarantined: s.quarantined,
    chunks: s.chunks && { ...s.chunks },
    coverage: s.coverage,
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

/** The first snapshot of a new scan, before any actor runs it: state `initiated`, every strategy queued, version
 * `input.version` (default 1), as the scan machine would start (machines/initial-context.ts). `instance` is null while
 * the scan waits in a shared queue. */
export function initiatedSnapshot(input: ScanInput, userId: string, instance: string | null = null): ScanSnapshot {
  const context = initialContext(input);
  return toScanSnapshot({ id: input.scanId, userId, instance, state: 'initiated', context, finishedAt: null }, input.createdAt);
}

/** The final snapshot of a scan whose actor cannot end it (it failed: `actor_error`), one version after `source`'s
 * context, settled at `at` by the rules every ending follows (machines/settle.ts). */
export function settledSnapshot(source: Omit<SnapshotSource, 'state' | 'finishedAt'>, ending: ScanEnding, at: number): ScanSnapshot {
  const { state, context } = settleContext(source.context, ending, at);
  return toScanSnapshot({ ...source, state, context, finishedAt: at }, at);
}
