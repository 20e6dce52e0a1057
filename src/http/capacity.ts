// Admission control. The engine starts every accepted scan at once (its strategies queue on the pool), so the bound is
// on scans that are not final: those executing (`running`) and those still waiting for a worker (`initiated`).
import type { ScanLimits } from '../config.js';
import type { ScanRegistry } from '../scan-registry.js';
import type { ScanService } from '../scan-service.js';
import { ServiceError } from './problem.js';

export interface CapacityView {
  running: number;
  queued: number;
  /** Seconds until the earliest active scan's deadline: by then at least one slot is free. */
  retryAfterSec: number;
}

type RegistryView = Pick<ScanRegistry, 'activeIds' | 'snapshot' | 'runningCount'>;

export function capacityView(registry: RegistryView, now = Date.now()): CapacityView {
  let running = 0;
  let queued = 0;
  let earliest = Number.POSITIVE_INFINITY;
  for (const id of registry.activeIds()) {
    const snapshot = registry.snapshot(id);
    if (!snapshot) continue;
    if (snapshot.state === 'initiated') queued += 1;
    else running += 1;
    earliest = Math.min(earliest, Date.parse(snapshot.deadlineAt));
  }
  const waitMs = Number.isFinite(earliest) ? earliest - now : 1000;
  return { running, queued, retryAfterSec: Math.min(60, Math.max(1, Math.ceil(waitMs / 1000))) };
}

/** Throws SCAN_CAPACITY (429 + Retry-After) when another scan would exceed the configured bounds. */
export function assertCapacity(registry: RegistryView, limits: Pick<ScanLimits, 'maxRunningScans' | 'maxQueuedScans'>): void {
  const total = limits.maxRunningScans + limits.maxQueuedScans;
  // Cheap check first: the registry counts non-final scans in O(1).
  if (registry.runningCount < limits.maxQueuedScans && registry.runningCount < total) return;
  const view = capacityView(registry);
  if (view.running + view.queued < total && view.queued < limits.maxQueuedScans) return;
  throw new ServiceError('SCAN_CAPACITY', 429, {
    detail: `The service is running ${view.running} and queueing ${view.queued} scans, its configured bound; retry later.`,
    headers: { 'Retry-After': String(view.retryAfterSec) },
    extra: { running: view.running, queued: view.queued },
  });
}

/** The slice of the engine that predicts whether a new scan could get anything done. */
export type AdmissionView = Pick<ScanService, 'admission'>;

/**
 * Throws OVERLOADED (429 + Retry-After) when, given the work ahead and the learned costs, not one of the scan's strategies
 * could start before its deadline: such a scan could only end `failed`. Retry-After is the predicted wait for a worker.
 */
export function assertPredictedCapacity(service: AdmissionView, request: Parameters<ScanService['admission']>[0]): void {
  const { admit, predictedWaitMs } = service.admission(request);
  if (admit) return;
  throw new ServiceError('OVERLOADED', 429, {
    detail: `No strategy of this scan could start within its ${request.budgetMs} ms budget: a worker is predicted to be free in ${predictedWaitMs} ms.`,
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(predictedWaitMs / 1000))) },
    extra: { predictedWaitMs },
  });
}
