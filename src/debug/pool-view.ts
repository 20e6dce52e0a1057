// What GET /debug/pool.json answers: the pool timeline's last `sinceMs`, with other users' scans made anonymous: a span
// or mark keeps its scan id only when the caller owns that scan.
import type { ScanRegistry } from '../core/scan-registry.js';
import type { PoolMarkType, PoolTaskSpan, PoolTimeline, QueueSample } from '../scheduling/pool-timeline.js';
import { validationFailed, type ServiceError } from '../web/problem.js';
import type { CostReport } from '../core/warm-start.js';

export const DEFAULT_POOL_SINCE_MS = 60_000;
/** An hour: the timeline keeps a bounded number of entries anyway, a longer window would only look empty. */
export const MAX_POOL_SINCE_MS = 3_600_000;

/** A span as the route answers it: `scanId` is null for background work and for scans the caller does not own. */
export interface PoolViewSpan extends PoolTaskSpan {
  own: boolean;
}

export interface PoolViewMark {
  type: PoolMarkType;
  at: number;
  threadId: number | null;
  scanId: string | null;
  own: boolean;
  strategy?: string;
}

export interface PoolView {
  threads: number;
  /** Server wall-clock ms: the page's right edge (the browser's clock may be off). */
  now: number;
  /** now − sinceMs: the left edge. */
  since: number;
  spans: PoolViewSpan[];
  marks: PoolViewMark[];
  /** Depth changes in the window; the first sample is the depth at `since` when one is known (see below). */
  queue: QueueSample[];
  /** Where each strategy's cost comes from (calibrated, measured, saved, cluster, guessed); null when not tracked. */
  costs: CostReport | null;
}

/** `sinceMs` from the query string: digits only, 1 … MAX_POOL_SINCE_MS, default DEFAULT_POOL_SINCE_MS. */
export function parseSinceMs(raw: string | undefined): number | ServiceError {
  if (raw === undefined) return DEFAULT_POOL_SINCE_MS;
  // At most 7 digits before Number(): '1e3', ' 5', '0x10' and 400-digit strings never reach the conversion.
  const value = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (value >= 1 && value <= MAX_POOL_SINCE_MS) return value;
  return validationFailed([{ path: 'sinceMs', message: `must be an integer number of ms from 1 to ${MAX_POOL_SINCE_MS}` }], 'query');
}

type Owners = Pick<ScanRegistry, 'ownerOf'>;

/**
 * The last `sinceMs` of `timeline` as `caller` may see it. `caller` undefined (a route without auth) owns nothing.
 * A scan the registry no longer knows (expired) has no owner to compare with, so it is shown as foreign too.
 */
export function poolView(
  timeline: Pick<PoolTimeline, 'view'>,
  registry: Owners,
  caller: string | undefined,
  now: number,
  sinceMs: number,
  costs: CostReport | null = null,
): PoolView {
  const since = now - sinceMs;
  // The whole recording (bounded by its cap), not view(now, since): the queue is recorded only when its depth changes,
  // so the depth at `since` is the last sample before it, which a windowed view drops — a queue stuck at 7 for the
  // whole window would draw as empty, exactly when one is debugging it.
  const all = timeline.view(now, 0);
  const owned = new Map<string, boolean>();
  const own = (scanId: string | null | undefined): boolean => {
    if (caller === undefined || scanId === undefined || scanId === null) return false;
    let mine = owned.get(scanId);
    if (mine === undefined) {
      mine = registry.ownerOf(scanId) === caller;
      owned.set(scanId, mine);
    }
    return mine;
  };
  const spans = all.spans
    .filter((s) => (s.endedAt ?? now) >= since)
    .map((s): PoolViewSpan => {
      const mine = own(s.scanId);
      // Fields picked one by one, not spread: a field the recorder gains later is not published unreviewed.
      const { threadId, strategy, startedAt, endedAt, status, speculative, hardAborted, chunk } = s;
      const span: PoolViewSpan = { threadId, scanId: mine ? s.scanId : null, own: mine, strategy, startedAt, endedAt, status, speculative, hardAborted };
      if (chunk) span.chunk = { index: chunk.index, total: chunk.total };
      return span;
    });
  const marks = all.marks
    .filter((m) => m.at >= since)
    .map((m): PoolViewMark => {
      const mine = own(m.scanId);
      const mark: PoolViewMark = { type: m.type, at: m.at, threadId: m.threadId, scanId: mine ? (m.scanId ?? null) : null, own: mine };
      if (m.strategy !== undefined) mark.strategy = m.strategy;
      return mark;
    });
  const first = all.queue.findIndex((q) => q.at >= since);
  const inWindow = first < 0 ? [] : all.queue.slice(first);
  const before = first < 0 ? all.queue.at(-1) : all.queue[first - 1];
  const queue = before && inWindow[0]?.at !== since ? [{ at: since, depth: before.depth }, ...inWindow] : inWindow;
  return { threads: all.threads, now, since, spans, marks, queue, costs };
}
