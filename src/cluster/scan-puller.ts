// Placement by capacity: this instance takes a scan job from the shared queue only while its pool could start it (a free
// thread and nothing of its own waiting), so an idle instance takes the next scan and a full one leaves it to others.
// A taken scan becomes an XState actor in the local registry in one synchronous call, with its original id, creation
// time and deadline (queue wait counts against its budget). While the scan runs, its job's lock is renewed; a job whose
// owner stops renewing (killed) is handed back by BullMQ's stalled check, and whoever takes it next finalises the scan
// if its owner is gone (src/cluster/lost-scan-sweeper.ts covers the rest).
import { Worker, type Job } from 'bullmq';
import type { ScanRequest } from '../core/scan-registry.js';
import type { ClusterKeys } from './cluster-keys.js';
import type { BullConnection } from './redis-connections.js';
import type { ScanJobData } from './scan-queue.js';
import type { ScanRecords, StoredScan } from './scan-records.js';

/** A job's lock: renewed every third of it; a killed owner's job is back in the queue about this long after. */
export const JOB_LOCK_MS = 1_500;
const STALLED_CHECK_MS = 1_000;
/** How long a blocking take waits for a job before checking capacity again, s. */
const DRAIN_DELAY_S = 1;
/** Pause after a failed take (Redis down): the loop never spins. */
const RETRY_MS = 250;
/** Capacity is re-checked this often while the pool is full. */
const CAPACITY_POLL_MS = 10;

export interface PullerHooks {
  /** True while the local pool could start a new scan's strategies at once. */
  hasCapacity(): boolean;
  /** False while the instance is not ready (src/scheduling/readiness.ts): it takes nothing, the scan waits for others. */
  isReady?: () => boolean;
  /** Builds the scan's actor here; returns false if it could not (then the job is handed back). */
  place(request: ScanRequest, placement: { id: string; createdAt: number; version: number }): void;
  /** Finalises a stored scan this instance will not run: taken after its deadline, cancelled while queued, or lost. */
  finalizeElsewhere(stored: StoredScan, reason: 'not_placed' | 'cancelled' | 'instance_lost'): Promise<void>;
  /** Whether the instance named in a stored scan is still alive (its heartbeat). */
  isAlive(instance: string): Promise<boolean>;
  onError(err: unknown, context: string): void;
}

export class ScanPuller {
  readonly #worker: Worker;
  readonly #records: ScanRecords;
  readonly #hooks: PullerHooks;
  readonly #instance: string;
  /** Jobs of scans running here, by scan id, with their lock tokens. */
  readonly #held = new Map<string, { job: Job; token: string }>();
  #tokens = 0;
  #running = false;
  #loop: Promise<void> | undefined;
  /** The take in progress (a scan being placed), which stopTaking waits for. */
  #taking: Promise<void> = Promise.resolve();
  #renewTimer: NodeJS.Timeout | undefined;

  constructor(keys: ClusterKeys, connection: BullConnection, records: ScanRecords, instance: string, hooks: PullerHooks) {
    this.#records = records;
    this.#hooks = hooks;
    this.#instance = instance;
    this.#worker = new Worker(keys.queueName, null, {
      prefix: keys.prefix,
      connection: { ...connection, maxRetriesPerRequest: null },
      autorun: false,
      lockDuration: JOB_LOCK_MS,
      stalledInterval: STALLED_CHECK_MS,
      maxStalledCount: 1,
      drainDelay: DRAIN_DELAY_S,
    });
    this.#worker.on('error', (err) => hooks.onError(err, 'scan queue worker'));
  }

  /** Held jobs: scans this instance runs. */
  get holding(): number {
    return this.#held.size;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#worker.startStalledCheckTimer().catch((err: unknown) => this.#hooks.onError(err, 'stalled-job check'));
    this.#renewTimer = setInterval(() => this.#renewLocks(), JOB_LOCK_MS / 3);
    this.#loop = this.#pull();
  }

  /**
   * Stops taking jobs (the scans it runs keep their jobs until `complete`). Waits for a scan being placed, not for a
   * blocking wait for the next job (up to DRAIN_DELAY_S, which shutdown's grace would otherwise lose): a job that wait
   * returns from now on is handed back (#pull).
   */
  async stopTaking(): Promise<void> {
    this.#running = false;
    await this.#taking;
  }

  /** The scan ended here and its final snapshot is stored: its job is done. */
  async complete(scanId: string): Promise<void> {
    const held = this.#held.get(scanId);
    if (!held) return;
    try {
      await held.job.moveToCompleted('final', held.token, false);
      this.#held.delete(scanId);
    } catch (err) {
      // Lost the lock (Redis was away for longer than it): BullMQ handed the job back, and whoever takes it sees the final
      // snapshot and completes it. Anything else is retried on the next renewal round.
      if (isLostJob(err)) this.#held.delete(scanId);
      else throw err;
    }
  }

  async close(): Promise<void> {
    this.#running = false;
    clearInterval(this.#renewTimer);
    await this.#worker.close(true).catch(() => undefined);
    await this.#loop;
  }

  async #pull(): Promise<void> {
    while (this.#running) {
      if (this.#hooks.isReady?.() === false || !this.#hooks.hasCapacity()) {
        await sleep(CAPACITY_POLL_MS);
        continue;
      }
      const token = `${this.#instance}:${++this.#tokens}`;
      let job: Job | undefined;
      try {
        job = (await this.#worker.getNextJob(token, { block: true })) as Job | undefined;
      } catch (err) {
        if (this.#running) this.#hooks.onError(err, 'taking a scan job');
        await sleep(RETRY_MS);
        continue;
      }
      if (!job) continue;
      if (!this.#running) {
        // Stopped while waiting (SIGTERM): the job stays queued for the other instances. Before this check, an idle
        // instance shutting down took and ran a scan posted in its last second (test/cluster/shutdown.test.ts).
        await job.moveToWait(token).catch((err: unknown) => this.#hooks.onError(err, `handing back scan ${job.id ?? ''}`));
        break;
      }
      this.#taking = this.#take(job, token).catch(async (err: unknown) => {
        this.#hooks.onError(err, `placing scan ${job.id ?? ''}`);
        // Not placed (Redis failed mid-take): hand it back at once rather than let it stall until BullMQ notices.
        if (!this.#held.has(String(job.id))) await job.moveToWait(token).catch(() => undefined);
      });
      await this.#taking;
      // Let the new scan's strategies reach the dispatcher before capacity is judged again.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async #take(job: Job, token: string): Promise<void> {
    const id = String(job.id);
    const data = job.data as ScanJobData;
    const stored = await this.#records.get(id);
    const done = async (): Promise<void> => void (await job.moveToCompleted('final', token, false));
    if (!stored || stored.done) return done();
    if (stored.instance !== '' && stored.instance !== this.#instance) {
      // A job handed back after its owner stopped renewing its lock: finalise only if the owner is gone for good.
      if (!(await this.#hooks.isAlive(stored.instance))) await this.#hooks.finalizeElsewhere(stored, 'instance_lost');
      return done();
    }
    if (stored.cancelRequested) {
      await this.#hooks.finalizeElsewhere(stored, 'cancelled');
      return done();
    }
    const deadlineAt = data.createdAt + data.request.budgetMs;
    if (Date.now() >= deadlineAt) {
      await this.#hooks.finalizeElsewhere(stored, 'not_placed');
      return done();
    }
    this.#held.set(id, { job, token });
    this.#hooks.place(data.request, { id, createdAt: data.createdAt, version: stored.version + 1 });
  }

  #renewLocks(): void {
    for (const [id, held] of this.#held) {
      held.job.extendLock(held.token, JOB_LOCK_MS).catch((err: unknown) => {
        // The job is gone (Redis came back without its data) or was handed on: the scan runs on regardless and its
        // snapshots are still mirrored; only its job is no longer ours to renew or complete.
        if (isLostJob(err)) this.#held.delete(id);
        else this.#hooks.onError(err, `renewing the lock of scan ${id}`);
      });
    }
  }
}

/** BullMQ's refusal for a job this worker no longer holds (its lock lapsed, or the job is gone). */
function isLostJob(err: unknown): boolean {
  const text = String(err);
  return text.includes('Missing lock') || text.includes('Missing key') || text.includes('not exist');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
