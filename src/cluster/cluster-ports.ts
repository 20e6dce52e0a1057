// Distributed mode's ports (SCANNER_REDIS_URL set): the store in Redis and placement by pull from a shared BullMQ queue,
// over one instance's connections, with what keeps them true — the snapshot mirror (versions of scans running here
// written to Redis), the heartbeat, the lost-scan sweeper and the cancel channel. Imported dynamically by
// src/build-engine.ts only when distributed mode is configured: the embedded default never loads Redis code.
import type { ScanService } from '../core/scan-service.js';
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import type { EnginePorts, RemoteTraceReader } from '../engine/engine.js';
import type { StoreStatus } from '../engine/scan-store.js';
import { closeWithin, CLOSE_BOUND_MS, UNREACHABLE_CLOSE_BOUND_MS } from './bounded-close.js';
import { clusterKeys } from './cluster-keys.js';
import { FinalSnapshotCache } from './final-snapshot-cache.js';
import { finalizeElsewhere, type ElsewhereReason } from './finalize-elsewhere.js';
import { Heartbeat } from './heartbeat.js';
import { LostScanSweeper } from './lost-scan-sweeper.js';
import { OwnershipFence } from './ownership-fence.js';
import { QueuePlacement } from './queue-placement.js';
import { openRedis } from './redis-connections.js';
import { RedisScanStore } from './redis-scan-store.js';
import { RemoteFeeds } from './remote-feed.js';
import { ScanPuller } from './scan-puller.js';
import { ScanQueue } from './scan-queue.js';
import { ScanRecords, type StoredScan } from './scan-records.js';
import { ChannelSubscriptions } from './channel-subscriptions.js';
import { storeCall } from './store-call.js';
import { TraceMirror } from './trace-mirror.js';
import { SnapshotMirror } from './snapshot-mirror.js';
import { watchDurability } from './store-durability.js';
import { Watchers } from './watchers.js';

/** Distributed mode's settings, by the names the process configuration (src/config.ts) gives them. */
export interface ClusterSettings {
  redisUrl: string;
  prefix: string;
  lostInstanceMs: number;
  /** Trace records kept per scan (SCANNER_TRACE_CAP). */
  traceCap: number;
  instanceId: string;
  resultTtlMs: number;
  scans: { maxQueuedScans: number; maxBudgetMs: number };
}

export interface ClusterHooks {
  /** Registers for every trace record taken here (the process's trace store), so they are mirrored for every instance. */
  observeTraces?: (observer: (scanId: string, record: unknown, last: boolean) => void) => void;
  /** The records the process's trace store keeps for a scan (to write a trace again after an outage). */
  traceRecords?: (scanId: string) => readonly unknown[] | undefined;
  /** Receives the reader of traces recorded on any instance (the visualizer's routes read them through it). */
  shareTraces?: (reader: RemoteTraceReader) => void;
  /** Warnings an operator must see: a fenced owner, a store that may lose scans, versions not stored at shutdown. */
  warn?: (fields: Record<string, unknown>, message: string) => void;
  onError?: (err: unknown, context: { scanId?: string }) => void;
  /** False while this instance must take no scan from the shared queue (not ready: src/scheduling/readiness.ts). */
  isReady?: () => boolean;
}

export function openClusterPorts(settings: ClusterSettings, core: ScanService, hooks: ClusterHooks = {}): EnginePorts {
  const { registry, pool } = core;
  const keys = clusterKeys(settings.prefix);
  const onError = (err: unknown, context: string): void => hooks.onError?.(err instanceof Error ? err : new Error(String(err)), { scanId: context });
  const redis = openRedis(settings.redisUrl, (err) => onError(err, 'redis'));
  const stored = storeCall(() => redis.available, (err) => onError(err, 'store'));
  const records = new ScanRecords(redis.commands, keys);
  const queue = new ScanQueue(keys.queueName, keys.prefix, redis.bullmqConnection);
  const channels = new ChannelSubscriptions(redis.subscriber);
  const warn = hooks.warn ?? (() => undefined);
  const heartbeat = new Heartbeat(redis.commands, keys, settings.instanceId, settings.lostInstanceMs, (sentAt, there) => fence.beat(sentAt, there));
  const ttl = { resultMs: settings.resultTtlMs, lapseMs: settings.lostInstanceMs };
  const traces = new TraceMirror(redis.commands, channels, keys, {
    cap: settings.traceCap,
    resultTtlMs: ttl.resultMs,
    runningTtlMs: settings.scans.maxBudgetMs + ttl.lapseMs + ttl.resultMs,
  });
  hooks.observeTraces?.((scanId, record, last) => traces.push(scanId, record, last));
  hooks.shareTraces?.({ records: (scanId) => stored(() => traces.records(scanId)), follow: (scanId, listener) => stored(() => traces.follow(scanId, listener)) });
  // What Redis keeps on disk and may evict, checked at every (re)connection: /healthz says `store.durable`.
  const durability = watchDurability(redis.commands, warn);
  let connectedSince: number | null = null;
  redis.commands.on('ready', () => (connectedSince = Date.now()));
  redis.commands.on('close', () => (connectedSince = null));

  const finalize = async (scan: StoredScan, reason: ElsewhereReason): Promise<void> => {
    await records.write(finalizeElsewhere(scan.snapshot, reason, Date.now()), ttl.resultMs);
  };
  /** Takes a scan no instance has placed off the queue and ends it with `reason`; false if it is placed, final or gone. */
  const endIfQueued = async (id: string, reason: ElsewhereReason): Promise<boolean> => {
    const scan = await records.get(id);
    if (!scan || scan.done || scan.instance !== '' || !(await queue.removeWaiting(id))) return false;
    await finalize(scan, reason);
    return true;
  };

  const finals = new FinalSnapshotCache(ttl.resultMs);
  // Who follows which scan from another instance: the owner publishes the versions between first and final only then.
  const scanWatchers = new Watchers(redis.commands, channels, { self: settings.instanceId, key: keys.scanWatch, channel: keys.scanWatchers });
  const feeds = new RemoteFeeds(channels, keys, records, { watchers: scanWatchers, onError });
  // A scan finalised elsewhere while this instance was silent past the lapse is never served from here again
  // (src/cluster/ownership-fence.ts): the store's final replaces the local copy.
  const fence = new OwnershipFence({
    lapseMs: ttl.lapseMs,
    stored: (id) => records.get(id),
    local: (id) => registry.snapshot(id),
    mirrored: () => mirror.idle(),
    surrender: (id, final) => {
      registry.surrender(id, final);
      finals.offer(final);
      void puller.complete(id).catch((err: unknown) => onError(err, id));
    },
    warn,
  });
  const puller = new ScanPuller(keys, redis.bullmqConnection, records, settings.instanceId, {
    hasCapacity: () => pool.dispatcher.roomForScan,
    isReady: hooks.isReady,
    place: (request, placement) => {
      fence.claim(placement.id);
      registry.create(request, placement);
    },
    finalizeElsewhere: finalize,
    isAlive: async (instance) => (await heartbeat.alive([instance])).has(instance),
    onError,
  });
  const mirror = new SnapshotMirror(records, {
    resultTtlMs: ttl.resultMs,
    lapseMs: ttl.lapseMs,
    latest: (id) => registry.snapshot(id),
    held: () => registry.ids(),
    onFinalStored: (snapshot) => {
      fence.release(snapshot.id);
      void puller.complete(snapshot.id).catch((err: unknown) => onError(err, snapshot.id));
    },
    onRefused: (snapshot) => fence.refused(snapshot.id),
    watchers: scanWatchers,
    onError: (err, scanId) => onError(err, scanId),
  });
  registry.onChange((snapshot) => mirror.push(snapshot));
  redis.onReconnect(() => {
    void mirror.flush();
    void traces.rewrite((scanId) => hooks.traceRecords?.(scanId));
  });
  const sweeper = new LostScanSweeper(records, heartbeat, queue, {
    lapseMs: ttl.lapseMs,
    connectedSince: () => connectedSince,
    finalize,
    onError: (err) => onError(err, 'sweeper'),
  });
  // Cancels asked for on other instances, for scans running here.
  void channels
    .subscribe(keys.cancel, (id) => {
      if (registry.has(id)) registry.cancel(id);
    })
    .catch((err: unknown) => onError(err, 'cancel channel'));

  const status = async (): Promise<StoreStatus> => {
    const available = redis.available;
    const [queueDepth, oldest] = available ? await Promise.all([queue.depth(), records.oldestQueuedAt()]).catch(() => [null, null]) : [null, null];
    return { shared: true, available, queueDepth, oldestQueuedAgeMs: oldest === null ? null : Math.max(0, Date.now() - oldest), pendingMirrors: mirror.pending, durable: durability.durable };
  };
  const store = new RedisScanStore(registry, records, feeds, stored, {
    finals,
    fence,
    resultTtlMs: ttl.resultMs,
    lapseMs: ttl.lapseMs,
    maxQueued: settings.scans.maxQueuedScans,
    async cancelElsewhere(id) {
      await records.requestCancel(id);
      if (!(await endIfQueued(id, 'cancelled'))) await redis.commands.publish(keys.cancel, id);
    },
    status,
    onError,
  });
  const placement = new QueuePlacement(queue, puller, stored, {
    available: () => redis.available,
    endIfQueued: (id) => endIfQueued(id, 'not_placed'),
    endUnqueued: (snapshot: ScanSnapshot) => finalize({ snapshot, version: snapshot.version, done: false, instance: '', cancelRequested: false }, 'not_placed'),
    onError,
  });

  heartbeat.start();
  sweeper.start();
  // Workers first: an instance takes no shared work before its pool has loaded the strategies.
  let closing = false;
  void pool.ready().then(
    () => closing || puller.start(),
    (err: unknown) => onError(err, 'pool start-up'),
  );

  return {
    store,
    placement,
    /** After the local core has closed (its scans cancelled): their final versions are stored, then all is released. */
    async close() {
      closing = true;
      sweeper.stop();
      await mirror.idle();
      const unwrittenScans = mirror.unwritten();
      if (unwrittenScans.length > 0) {
        warn({ unwrittenScans }, 'Redis unreachable at shutdown: the newest versions of these scans were not stored, and other instances will not read them (a scan still running in the store is finalised as INSTANCE_LOST)');
      }
      // Every close that talks to Redis is bounded: a Redis that is not there never answers (src/cluster/bounded-close.ts).
      const bound = redis.available ? CLOSE_BOUND_MS : UNREACHABLE_CLOSE_BOUND_MS;
      await closeWithin(puller.close(), bound);
      await closeWithin(heartbeat.stop(), bound);
      await closeWithin(queue.close(), bound);
      await redis.close();
    },
  };
}
