// The store in memory (the embedded default): the process's registry is the store. Every scan runs here, so a scan is
// its actor and a version is the actor's snapshot. Each answer is ready at once; the promises only honour the port.
import type { ScanRegistry } from '../core/scan-registry.js';
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import type { ScanStore, StartedScan, StoreStatus } from './scan-store.js';

/** Nothing is shared and nothing waits for an instance: every scan runs here from its start. */
const MEMORY_STATUS: StoreStatus = Object.freeze({ shared: false, available: true, queueDepth: 0, oldestQueuedAgeMs: null, pendingMirrors: 0 });

export class MemoryScanStore implements ScanStore {
  readonly #registry: ScanRegistry;

  constructor(registry: ScanRegistry) {
    this.#registry = registry;
  }

  read(id: string): Promise<ScanSnapshot | undefined> {
    return Promise.resolve(this.#registry.snapshot(id));
  }

  ownerOf(id: string): Promise<string | undefined> {
    return Promise.resolve(this.#registry.ownerOf(id));
  }

  list(userId: string, limit: number) {
    return Promise.resolve(this.#registry.list(userId, limit));
  }

  subscribe(id: string, listener: (snapshot: ScanSnapshot) => void): Promise<() => void> {
    return Promise.resolve(this.#registry.subscribe(id, listener));
  }

  /** Synchronous up to `first()`: the reuse check and the registration cannot interleave with another start. */
  async register(userId: string, force: boolean, first: () => ScanSnapshot): Promise<StartedScan> {
    if (!force) {
      const active = this.#registry.activeScanOf(userId);
      const snapshot = active === undefined ? undefined : this.#registry.snapshot(active);
      if (snapshot) return { snapshot, reused: true };
    }
    return { snapshot: first(), reused: false };
  }

  cancel(id: string): Promise<void> {
    this.#registry.cancel(id);
    return Promise.resolve();
  }

  status(): Promise<StoreStatus> {
    return Promise.resolve(MEMORY_STATUS);
  }
}
