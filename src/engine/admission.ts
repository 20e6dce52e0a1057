// Whether a new scan may start: the count bounds first (counters the registry keeps current, so a refusal costs no more
// than reading two numbers), then the prediction — given the work ahead and the learned costs, could any of its
// strategies start before its deadline? Both refusals say when trying again is worthwhile.
import type { ScanLimits } from './scan-limits.js';
import { EngineError } from './engine-error.js';

export interface AdmissionCounts {
  /** Scans not yet final. */
  readonly activeCount: number;
  /** Of those, scans whose strategies have not started yet. */
  readonly waitingCount: number;
  /** Ms until the first active scan is expected to end. */
  msUntilFirstEnd(): number | undefined;
}

const toRetrySeconds = (ms: number): number => Math.min(60, Math.max(1, Math.ceil(ms / 1000)));

/** Throws SCAN_CAPACITY when another scan would exceed the configured bounds. */
export function assertCapacity(counts: AdmissionCounts, limits: Pick<ScanLimits, 'maxRunningScans' | 'maxQueuedScans'>): void {
  const refusal = capacityRefusal(counts, limits);
  if (refusal) throw refusal;
}

/**
 * The SCAN_CAPACITY refusal another scan would get now, or undefined. Returned, not thrown: at capacity every call
 * refuses, and V8 never optimises a function that always throws, so the hot refusal path stays a plain return.
 */
export function capacityRefusal(counts: AdmissionCounts, limits: Pick<ScanLimits, 'maxRunningScans' | 'maxQueuedScans'>): EngineError | undefined {
  const waiting = counts.waitingCount;
  const running = counts.activeCount - waiting;
  if (waiting < limits.maxQueuedScans && running + waiting < limits.maxRunningScans + limits.maxQueuedScans) return undefined;
  // The predicted time until a slot frees: the first active scan's expected end (its plan's finish, or its deadline).
  const waitMs = counts.msUntilFirstEnd() ?? 1000;
  return new EngineError('SCAN_CAPACITY', `The service is running ${running} and queueing ${waiting} scans, its configured bound; retry later.`, {
    retryAfterSec: toRetrySeconds(waitMs),
    extra: { running, queued: waiting, predictedWaitMs: Math.round(waitMs) },
  });
}

/** Throws OVERLOADED when no strategy of the scan could start before its deadline. */
export function assertCanStart(prediction: { admit: boolean; predictedWaitMs: number }, budgetMs: number): void {
  if (prediction.admit) return;
  const { predictedWaitMs } = prediction;
  throw new EngineError('OVERLOADED', `No strategy of this scan could start within its ${budgetMs} ms budget: a worker is predicted to be free in ${predictedWaitMs} ms.`, {
    retryAfterSec: toRetrySeconds(predictedWaitMs),
    extra: { predictedWaitMs },
  });
}
