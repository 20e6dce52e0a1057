// Each instance says it is alive by refreshing a key that expires after the lost-instance lapse. An instance whose key
// has expired has been silent that long — killed, hung, or cut off from Redis — and its scans are finalised by others.
import type { Redis } from 'ioredis';
import type { ClusterKeys } from './cluster-keys.js';

/** Told of every beat Redis acknowledged: when it was sent (performance.now()) and whether the key was still there. */
export type BeatListener = (sentAt: number, keyWasThere: boolean) => void;

/** Beats per lapse: a live instance misses several in a row before it is presumed lost. */
const BEATS_PER_LAPSE = 4;

export class Heartbeat {
  readonly #redis: Redis;
  readonly #keys: ClusterKeys;
  readonly #instance: string;
  readonly #lapseMs: number;
  readonly #onBeat: BeatListener | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(redis: Redis, keys: ClusterKeys, instance: string, lapseMs: number, onBeat?: BeatListener) {
    this.#redis = redis;
    this.#keys = keys;
    this.#instance = instance;
    this.#lapseMs = lapseMs;
    this.#onBeat = onBeat;
  }

  // SET … GET tells whether the key was still there: if not, this instance had been silent past the lapse, and the
  // others may have finalised its scans (src/cluster/ownership-fence.ts).
  readonly #beat = (): void => {
    const sentAt = performance.now();
    this.#redis.set(this.#keys.instance(this.#instance), String(Date.now()), 'PX', this.#lapseMs, 'GET').then(
      (previous) => this.#onBeat?.(sentAt, previous !== null),
      () => undefined,
    );
  };

  start(): void {
    // Also beat the moment the connection is (again) ready, before anything else is sent on it. At start-up the first
    // beat below fails (no offline queue, not connected yet) and the next one came a quarter lapse later: meanwhile this
    // instance could already run a scan, and another instance's sweeper finalised it as INSTANCE_LOST (seen by
    // test/cluster/shutdown.test.ts). Prepended, the beat also goes out before the mirror's writes after an outage.
    this.#redis.prependListener('ready', this.#beat);
    this.#beat();
    this.#timer = setInterval(this.#beat, Math.max(50, Math.floor(this.#lapseMs / BEATS_PER_LAPSE)));
  }

  /** Stops beating and removes the key: a clean exit is not a loss. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#redis.off('ready', this.#beat);
    await this.#redis.del(this.#keys.instance(this.#instance)).catch(() => undefined);
  }

  /** Which of these instances are alive. */
  async alive(instances: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(instances)];
    if (unique.length === 0) return new Set();
    const pipeline = this.#redis.pipeline();
    for (const i of unique) pipeline.exists(this.#keys.instance(i));
    const replies = (await pipeline.exec()) ?? [];
    return new Set(unique.filter((_, n) => replies[n]?.[1] === 1));
  }
}
