// No scan stays non-final forever. Every instance sweeps, a few times per lapse:
// - a running scan whose owner's heartbeat has expired (killed, hung, cut off) is finalised: settled strategies keep
//   their results, the rest fail with INSTANCE_LOST;
// - a scan no instance took before its deadline (all full, or none running) leaves the queue, its strategies skipped
//   with NOT_PLACED.
// Sweeps by several instances are safe: the final write is guarded (src/cluster/scan-records.ts), so one of them wins.
// Right after Redis comes back no sweep runs for one lapse, so live owners have beaten again before anyone judges them.
import type { Heartbeat } from './heartbeat.js';
import type { ScanQueue } from './scan-queue.js';
import type { ScanRecords, StoredScan } from './scan-records.js';

export interface SweeperOptions {
  lapseMs: number;
  /** When the command connection last became ready (ms), or null while Redis is unreachable. */
  connectedSince(): number | null;
  finalize(stored: StoredScan, reason: 'instance_lost' | 'not_placed'): Promise<void>;
  onError(err: unknown): void;
}

/** Sweeps per lapse. */
const SWEEPS_PER_LAPSE = 4;

export class LostScanSweeper {
  readonly #records: ScanRecords;
  readonly #heartbeat: Heartbeat;
  readonly #queue: ScanQueue;
  readonly #options: SweeperOptions;
  #timer: NodeJS.Timeout | undefined;
  #sweeping = false;

  constructor(records: ScanRecords, heartbeat: Heartbeat, queue: ScanQueue, options: SweeperOptions) {
    this.#records = records;
    this.#heartbeat = heartbeat;
    this.#queue = queue;
    this.#options = options;
  }

  start(): void {
    this.#timer = setInterval(() => void this.sweep(), Math.max(50, Math.floor(this.#options.lapseMs / SWEEPS_PER_LAPSE)));
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async sweep(): Promise<void> {
    const since = this.#options.connectedSince();
    if (this.#sweeping || since === null || Date.now() - since < this.#options.lapseMs) return;
    this.#sweeping = true;
    try {
      await this.#sweepRunning();
      await this.#sweepQueued();
    } catch (err) {
      this.#options.onError(err);
    } finally {
      this.#sweeping = false;
    }
  }

  async #sweepRunning(): Promise<void> {
    const running = await this.#records.runningScans();
    const stored = (await Promise.all(running.map(({ id }) => this.#records.get(id)))).filter((s): s is StoredScan => s !== undefined && !s.done && s.instance !== '');
    const alive = await this.#heartbeat.alive(stored.map((s) => s.instance));
    for (const scan of stored) if (!alive.has(scan.instance)) await this.#options.finalize(scan, 'instance_lost');
  }

  async #sweepQueued(): Promise<void> {
    const now = Date.now();
    for (const id of await this.#records.queuedScans()) {
      const stored = await this.#records.get(id);
      if (!stored) {
        await this.#records.forgetQueued(id);
        continue;
      }
      const overdue = Date.parse(stored.snapshot.deadlineAt) + this.#options.lapseMs < now;
      if (!overdue || stored.done || stored.instance !== '') continue;
      await this.#queue.removeWaiting(id);
      await this.#options.finalize(stored, 'not_placed');
    }
  }
}
