// The cluster's cost model: one Redis hash per cost key (market, pool size, strategy code; src/scheduling/cost-state.ts)
// under the deployment's prefix, one field per instance holding the estimates that instance measured itself. Every
// instance reads the whole hash and merges it (mergeEntries: finished runs pooled, the median taken), so a new
// instance plans its first scan with what the cluster knows, and each instance keeps adding what it learns.
// Best effort: Redis away costs a log line, never a scan (the instance then plans from its own and saved costs).
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { CostEntry } from '../scheduling/cost-model.js';
import { CostEntrySchema, costStateId, mergeEntries, type CostStateKey } from '../scheduling/cost-state.js';
import type { SharedCosts } from '../core/warm-start.js';

/** The hash outlives its last write by this long: costs of a setup nobody runs any more disappear on their own. */
export const COST_HASH_TTL_MS = 7 * 24 * 3_600_000;
/** A read or write of the shared costs gives up after this long. */
export const COST_SYNC_TIMEOUT_MS = 1_500;

/** The commands the cost model uses. */
export type CostSyncClient = Pick<Redis, 'hgetall' | 'hset' | 'pexpire'>;

const FieldSchema = z.array(CostEntrySchema).max(10_000);

export function costHashKey(prefix: string, key: CostStateKey): string {
  return `${prefix}:costs:${costStateId(key)}`;
}

/** A connection of its own (so a slow cost write never queues behind a scan's commands); the caller quits it. */
export function openCostSyncClient(url: string, onError: (err: unknown) => void): Redis {
  const client = new Redis(url, { connectionName: 'scanner-costs', maxRetriesPerRequest: 1, retryStrategy: () => 500, enableOfflineQueue: true });
  let reported = false;
  client.on('error', (err) => {
    if (!reported) onError(err);
    reported = true;
  });
  client.on('ready', () => (reported = false));
  return client;
}

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer from Redis within ${COST_SYNC_TIMEOUT_MS} ms`)), COST_SYNC_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class CostSync implements SharedCosts {
  readonly #client: CostSyncClient;
  readonly #hash: string;
  readonly #instance: string;
  /** The field as last written: an unchanged one is not written again. */
  #published: string | undefined;

  constructor(client: CostSyncClient, prefix: string, key: CostStateKey, instance: string) {
    this.#client = client;
    this.#hash = costHashKey(prefix, key);
    this.#instance = instance;
  }

  get hashKey(): string {
    return this.#hash;
  }

  /**
   * Every instance's estimates, merged (this one's too: a restart under the same instance id gets its own back);
   * `skipped` counts fields that did not parse (another version
   * of the service wrote them, or someone else): they are left out, not fatal. Rejects when Redis does not answer.
   */
  async read(): Promise<{ entries: CostEntry[]; instances: number; skipped: number }> {
    const fields = await withTimeout(this.#client.hgetall(this.#hash), 'reading the cluster costs');
    const sets: CostEntry[][] = [];
    let skipped = 0;
    for (const value of Object.values(fields)) {
      try {
        sets.push(FieldSchema.parse(JSON.parse(value)));
      } catch {
        skipped++;
      }
    }
    return { entries: mergeEntries(sets), instances: sets.length, skipped };
  }

  /** Replaces this instance's field with `entries` (what it measured itself) and extends the hash's life. */
  async publish(entries: readonly CostEntry[]): Promise<void> {
    const value = JSON.stringify(entries);
    if (value === this.#published) return;
    await withTimeout(
      (async () => {
        await this.#client.hset(this.#hash, this.#instance, value);
        await this.#client.pexpire(this.#hash, COST_HASH_TTL_MS);
      })(),
      'sharing the costs',
    );
    this.#published = value;
  }
}
