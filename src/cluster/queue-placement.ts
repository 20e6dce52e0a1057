// Placement by pull (distributed mode): a new scan waits in the shared BullMQ queue (src/cluster/scan-queue.ts), and the
// first instance with a free worker takes it (src/cluster/scan-puller.ts) and runs it as an actor in its own registry.
// The instance that accepted the scan watches its deadline while it waits: a scan no instance could take in time ends
// then, not a sweep later (src/cluster/lost-scan-sweeper.ts covers it if this instance dies first).
import { nanoid } from 'nanoid';
import type { ScanRequest } from '../core/scan-registry.js';
import { initiatedSnapshot, type ScanSnapshot } from '../core/scan-snapshot.js';
import { storeUnavailable, type EngineError } from '../engine/engine-error.js';
import type { Placement } from '../engine/placement.js';
import type { ScanPuller } from './scan-puller.js';
import type { ScanQueue } from './scan-queue.js';
import type { StoreCall } from './store-call.js';

export interface QueuePlacementOptions {
  /** True while Redis answers. */
  available(): boolean;
  /** Ends a scan nobody placed (`not_placed`) if it still waits in the queue; false when it was placed, final or gone. */
  endIfQueued(id: string): Promise<boolean>;
  /** Ends a registered scan that never reached the queue. */
  endUnqueued(snapshot: ScanSnapshot): Promise<void>;
  onError(err: unknown, context: string): void;
}

export class QueuePlacement implements Placement {
  readonly #queue: ScanQueue;
  readonly #puller: ScanPuller;
  readonly #stored: StoreCall;
  readonly #options: QueuePlacementOptions;

  constructor(queue: ScanQueue, puller: ScanPuller, stored: StoreCall, options: QueuePlacementOptions) {
    this.#queue = queue;
    this.#puller = puller;
    this.#stored = stored;
    this.#options = options;
  }

  /** While Redis is unreachable no scan can be registered where every instance sees it, whatever it asks. */
  earlyRefusal(): EngineError | undefined {
    return this.#options.available() ? undefined : storeUnavailable();
  }

  /** The scan as it waits for an instance: `initiated`, no owner yet. Bounds are the store's (the shared queue's). */
  prepare(request: ScanRequest): ScanSnapshot {
    const id = nanoid();
    const createdAt = Date.now();
    return initiatedSnapshot({ ...request, scanId: id, createdAt }, request.userId);
  }

  async dispatch(snapshot: ScanSnapshot, request: ScanRequest): Promise<void> {
    const createdAt = Date.parse(snapshot.createdAt);
    try {
      await this.#stored(() => this.#queue.add(snapshot.id, { request, createdAt }));
    } catch (err) {
      // Registered but never queued: end it now rather than leave it for the sweeper at its deadline.
      void this.#options.endUnqueued(snapshot).catch((failure: unknown) => this.#options.onError(failure, snapshot.id));
      throw err;
    }
    const endIfLate = (): void => void this.#options.endIfQueued(snapshot.id).catch((err: unknown) => this.#options.onError(err, snapshot.id));
    setTimeout(endIfLate, request.budgetMs).unref();
  }

  /** Takes no more jobs from the shared queue; those still queued stay there for the other instances. */
  stop(): Promise<void> {
    return this.#puller.stopTaking();
  }
}
