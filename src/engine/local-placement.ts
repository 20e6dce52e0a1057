// Placement on this process (the embedded default): a scan is admitted against this process's bounds and the pool's
// predicted wait, then runs here at once — its actor is registered in the same call, so its id is readable before the
// caller answers.
import type { ScanLimits } from '../config.js';
import type { ScanRequest } from '../core/scan-registry.js';
import type { ScanService } from '../core/scan-service.js';
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import { assertCanStart, assertCapacity, capacityRefusal } from './admission.js';
import type { EngineError } from './engine-error.js';
import type { Placement } from './placement.js';

export class LocalPlacement implements Placement {
  readonly #core: ScanService;
  readonly #limits: ScanLimits;

  constructor(core: ScanService, limits: ScanLimits) {
    this.#core = core;
    this.#limits = limits;
  }

  /** At capacity, a caller with no running scan to reuse is refused whatever it asks. */
  earlyRefusal(userId: string): EngineError | undefined {
    const { registry } = this.#core;
    return registry.activeScanOf(userId) === undefined ? capacityRefusal(registry, this.#limits) : undefined;
  }

  prepare(request: ScanRequest): ScanSnapshot {
    const { registry } = this.#core;
    assertCapacity(registry, this.#limits);
    assertCanStart(this.#core.admission(request), request.budgetMs);
    const id = registry.create(request);
    // create() registers synchronously; a missing snapshot here would be an engine bug, not a caller's error.
    const snapshot = registry.snapshot(id);
    if (!snapshot) throw new Error(`scan ${id} vanished right after creation`);
    return snapshot;
  }

  dispatch(): Promise<void> {
    return Promise.resolve();
  }

  /** Nothing to stop: this placement only acts when the engine starts a scan, which it no longer does. */
  stop(): Promise<void> {
    return Promise.resolve();
  }
}
