// Bridges a store's synchronous change notifications to an async consumer: queues snapshots and wakes one waiter.

import type { ScanSnapshot } from '../core/scan-snapshot.js';

export class SnapshotFeed {
  readonly #queue: ScanSnapshot[] = [];
  #wake: (() => void) | undefined;
  #ended = false;

  push(snapshot: ScanSnapshot): void {
    this.#queue.push(snapshot);
    this.#wakeUp();
  }

  end(): void {
    this.#ended = true;
    this.#wakeUp();
  }

  /** The next snapshot; undefined once ended and drained (a snapshot pushed before `end` is still delivered). */
  async next(): Promise<ScanSnapshot | undefined> {
    while (this.#queue.length === 0 && !this.#ended) await new Promise<void>((resolve) => (this.#wake = resolve));
    return this.#queue.shift();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
