// The shared queue of scans waiting for an instance (BullMQ on Redis). A job's id is its scan's id; its data is what the
// taking instance needs to build the scan's actor. Tight scans go first: the priority is the deadline itself.
import { Queue } from 'bullmq';
import type { ScanRequest } from '../core/scan-registry.js';
import type { BullConnection } from './redis-connections.js';

export interface ScanJobData {
  request: ScanRequest;
  /** Wall-clock ms; the deadline is createdAt + request.budgetMs, wherever the scan runs. */
  createdAt: number;
}

/** BullMQ's largest priority (2^21 − 1); lower runs first, equal is FIFO. */
const MAX_PRIORITY = 2_097_151;
/** A fixed origin for deadlines in seconds: priorities stay monotonic in the deadline for 2^21 s (24 days) after it. */
const PRIORITY_EPOCH_MS = Date.UTC(2026, 0, 1);

/**
 * Earliest deadline first across instances: the deadline in seconds since a fixed origin, wrapping every 24 days (the one
 * moment a late scan could pass an earlier one). Scans due within the same second keep arrival order.
 */
export function deadlinePriority(deadlineAt: number): number {
  const seconds = Math.floor((deadlineAt - PRIORITY_EPOCH_MS) / 1_000);
  return 1 + (((seconds % (MAX_PRIORITY - 1)) + (MAX_PRIORITY - 1)) % (MAX_PRIORITY - 1));
}

export class ScanQueue {
  readonly queue: Queue;

  constructor(name: string, prefix: string, connection: BullConnection) {
    // Queue commands fail fast while Redis is down (a POST answers 503 at once instead of hanging for minutes).
    this.queue = new Queue(name, { prefix, connection: { ...connection, enableOfflineQueue: false, maxRetriesPerRequest: 1 } });
  }

  async add(id: string, data: ScanJobData): Promise<void> {
    await this.queue.add('scan', data, {
      jobId: id,
      priority: deadlinePriority(data.createdAt + data.request.budgetMs),
      // Results live in the scan records (src/cluster/scan-records.ts), not in BullMQ: finished jobs are dropped.
      removeOnComplete: true,
      removeOnFail: true,
    });
  }

  /** Takes a waiting scan out of the queue; false when it is not waiting (taken by an instance, or gone). */
  async removeWaiting(id: string): Promise<boolean> {
    const job = await this.queue.getJob(id);
    if (!job) return false;
    const state = await job.getState();
    if (state !== 'waiting' && state !== 'prioritized') return false;
    return (await this.queue.remove(id)) === 1;
  }

  /** Jobs waiting for an instance. */
  async depth(): Promise<number> {
    const counts = await this.queue.getJobCounts('waiting', 'prioritized');
    return (counts.waiting ?? 0) + (counts.prioritized ?? 0);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
