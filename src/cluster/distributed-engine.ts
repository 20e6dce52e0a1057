// The engine API in distributed mode (SCANNER_REDIS_URL set): the same use cases as src/engine/engine.ts, with scans in
// Redis, so every instance answers for every scan.
// - start: the user's lock, the `initiated` snapshot and the BullMQ job are stored before the id is handed out;
// - scans run where the puller (src/cluster/scan-puller.ts) places them, on the local core, mirrored version by version;
// - reads go to the local registry for scans running here and to Redis for the rest; waits follow Redis pub/sub;
// - cancel works from anywhere: a queued scan leaves the queue, a running one's owner is told.
import { nanoid } from 'nanoid';
import { initialContext } from '../../machines/scan-machine.js';
import type { ScanSummary } from '../core/scan-registry.js';
import { toScanSnapshot, type ScanSnapshot } from '../core/scan-snapshot.js';
import type { ScanService } from '../core/scan-service.js';
import { createEngine, type Engine, type EngineOptions, type StoreStatus } from '../engine/engine.js';
import { EngineError, scanNotFound, storeUnavailable } from '../engine/engine-error.js';
import { SCAN_ID_PATTERN, type Identity } from '../engine/identity.js';
import { resolveScanRequest } from '../engine/scan-request.js';
import { followScan } from '../engine/follow-scan.js';
import { clusterKeys } from './cluster-keys.js';
import { FinalSnapshotCache } from './final-snapshot-cache.js';
import { finalizeElsewhere, type ElsewhereReason } from './finalize-elsewhere.js';
import { Heartbeat } from './heartbeat.js';
import { LostScanSweeper } from './lost-scan-sweeper.js';
import { openRedis } from './redis-connections.js';
import { RemoteFeeds } from './remote-feed.js';
import { ScanPuller } from './scan-puller.js';
import { ScanQueue } from './scan-queue.js';
import { ScanRecords, type StoredScan } from './scan-records.js';
import { ChannelSubscriptions } from './channel-subscriptions.js';
import { TraceMirror } from './trace-mirror.js';
import { SnapshotMirror } from './snapshot-mirror.js';

export interface DistributedOptions {
  redisUrl: string;
  prefix: string;
  lostInstanceMs: number;
  /** Trace records kept per scan (SCANNER_TRACE_CAP). */
  traceCap: number;
  /** Registers for every trace record taken here (the process's trace store), so they are mirrored for every instance. */
  observeTraces?: (observer: (scanId: string, record: unknown, last: boolean) => void) => void;
  /** The records the process's trace store keeps for a scan (to write a trace again after an outage). */
  traceRecords?: (scanId: string) => readonly unknown[] | undefined;
  /** False while this instance must take no scan from the shared queue (not ready: src/scheduling/readiness.ts). */
  isReady?: () => boolean;
}

/** A Redis call in a request path gives up after this long: the caller gets 503, never a hang. */
const STORE_TIMEOUT_MS = 1_000;
/** How long a cancel of a scan running elsewhere waits for its owner's final version before answering. */
const REMOTE_CANCEL_WAIT_MS = 2_000;

export function createDistributedEngine(options: EngineOptions, distributed: DistributedOptions, core: ScanService): Engine {
  const { registry, pool } = core;
  const keys = clusterKeys(distributed.prefix);
  const onError = (err: unknown, context: string): void => options.onError?.(err instanceof Error ? err : new Error(String(err)), { scanId: context });
  const redis = openRedis(distributed.redisUrl, (err) => onError(err, 'redis'));
  const records = new ScanRecords(redis.commands, keys);
  const queue = new ScanQueue(keys.queueName, keys.prefix, redis.bullmqConnection);
  const channels = new ChannelSubscriptions(redis.subscriber);
  const feeds = new RemoteFeeds(channels, keys);
  const heartbeat = new Heartbeat(redis.commands, keys, options.instance, distributed.lostInstanceMs);
  const local = createEngine(options, core);
  const ttl = { resultMs: options.resultTtlMs ?? 300_000, lapseMs: distributed.lostInstanceMs };
  const traces = new TraceMirror(redis.commands, channels, keys, {
    cap: distributed.traceCap,
    resultTtlMs: ttl.resultMs,
    runningTtlMs: options.limits.maxBudgetMs + ttl.lapseMs + ttl.resultMs,
  });
  distributed.observeTraces?.((scanId, record, last) => traces.push(scanId, record, last));
  let connectedSince: number | null = null;
  redis.commands.on('ready', () => (connectedSince = Date.now()));
  redis.commands.on('close', () => (connectedSince = null));

  /** A Redis call on a request's path: fails fast with STORE_UNAVAILABLE while Redis is away, never hangs. */
  const stored = async <T>(work: () => Promise<T>): Promise<T> => {
    if (!redis.available) throw storeUnavailable();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(storeUnavailable()), STORE_TIMEOUT_MS)));
    try {
      return await Promise.race([work(), timeout]);
    } catch (err) {
      throw err instanceof EngineError ? err : storeUnavailable();
    } finally {
      clearTimeout(timer);
    }
  };

  const finalize = async (scan: StoredScan, reason: ElsewhereReason): Promise<void> => {
    await records.write(finalizeElsewhere(scan.snapshot, reason, Date.now()), ttl.resultMs);
  };

  const puller = new ScanPuller(keys, redis.bullmqConnection, records, options.instance, {
    hasCapacity: () => pool.dispatcher.roomForScan,
    isReady: distributed.isReady,
    place: (request, placement) => void registry.create(request, placement),
    finalizeElsewhere: finalize,
    isAlive: async (instance) => (await heartbeat.alive([instance])).has(instance),
    onError,
  });
  const mirror = new SnapshotMirror(records, {
    resultTtlMs: ttl.resultMs,
    lapseMs: ttl.lapseMs,
    latest: (id) => registry.snapshot(id),
    held: () => registry.ids(),
    onFinalStored: (snapshot) => void puller.complete(snapshot.id).catch((err: unknown) => onError(err, snapshot.id)),
    onError: (err, scanId) => onError(err, scanId),
  });
  registry.onChange((snapshot) => mirror.push(snapshot));
  redis.onReconnect(() => {
    void mirror.flush();
    void traces.rewrite((scanId) => distributed.traceRecords?.(scanId));
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
  heartbeat.start();
  sweeper.start();
  puller.start();

  const requestContext = {
    strategyIds: options.catalogue.map((s) => s.id),
    symbols: options.market.symbols,
    defaultPortfolio: options.defaultPortfolio,
    limits: options.limits,
  };

  /** A snapshot of Redis as of now: the elapsed time of a scan still running moves on between versions. */
  const fresh = (snapshot: ScanSnapshot): ScanSnapshot =>
    snapshot.done ? snapshot : { ...snapshot, elapsedMs: Math.max(0, Date.now() - Date.parse(snapshot.createdAt)) };

  const finals = new FinalSnapshotCache(ttl.resultMs);
  const read = async (id: string, identity: Identity): Promise<ScanSnapshot> => {
    if (!SCAN_ID_PATTERN.test(id)) throw scanNotFound();
    if (registry.has(id)) {
      if (registry.ownerOf(id) !== identity.userId) throw scanNotFound();
      return registry.snapshot(id) as ScanSnapshot;
    }
    const cached = finals.get(id);
    if (cached) {
      if (cached.userId !== identity.userId) throw scanNotFound();
      return cached;
    }
    const scan = await stored(() => records.get(id));
    if (!scan || scan.snapshot.userId !== identity.userId) throw scanNotFound();
    finals.offer(scan.snapshot);
    return fresh(scan.snapshot);
  };

  /** Every version of the scan from now on, from Redis (wherever it runs, its versions are published there). */
  const subscribe = async (id: string, listener: (snapshot: ScanSnapshot) => void): Promise<() => void> => {
    if (registry.has(id)) return registry.subscribe(id, listener);
    return stored(() => feeds.subscribe(id, listener));
  };

  const waitForChange = async (id: string, identity: Identity, since: number, waitMs: number, signals: AbortSignal[]): Promise<ScanSnapshot> => {
    let wake: (snapshot: ScanSnapshot | undefined) => void = () => undefined;
    const woken = new Promise<ScanSnapshot | undefined>((resolve) => (wake = resolve));
    const unsubscribe = await subscribe(id, (snapshot) => {
      if (snapshot.version !== since) wake(snapshot);
    });
    const timer = setTimeout(() => wake(undefined), waitMs);
    const onAbort = (): void => wake(undefined);
    for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
    try {
      // Read after subscribing: a version published in between is then either read here or heard by the listener.
      const current = await read(id, identity);
      if (current.version !== since || current.done) return current;
      return fresh((await woken) ?? (await read(id, identity)));
    } finally {
      clearTimeout(timer);
      unsubscribe();
      for (const s of signals) s.removeEventListener('abort', onAbort);
    }
  };

  /** Takes a scan no instance has placed off the queue and ends it with `reason`; false if it is placed, final or gone. */
  const endIfQueued = async (id: string, reason: ElsewhereReason): Promise<boolean> => {
    const scan = await records.get(id);
    if (!scan || scan.done || scan.instance !== '' || !(await queue.removeWaiting(id))) return false;
    await finalize(scan, reason);
    return true;
  };

  const cancelElsewhere = async (id: string): Promise<void> => {
    await records.requestCancel(id);
    if (!(await endIfQueued(id, 'cancelled'))) await redis.commands.publish(keys.cancel, id);
  };

  return {
    ...local,
    get activeCount() {
      return local.activeCount;
    },
    // The early refusal reads only this instance's counters, which the puller keeps within its pool's room; the bound
    // that matters here is the shared queue's, checked by start().
    capacityRefusal: () => undefined,
    async start(input, identity) {
      const request = resolveScanRequest(input, identity.userId, requestContext);
      const id = nanoid();
      const createdAt = Date.now();
      const context = initialContext({ ...request, scanId: id, createdAt });
      const snapshot = toScanSnapshot({ id, userId: identity.userId, instance: null, state: 'initiated', context, finishedAt: null }, createdAt);
      const lockTtlMs = request.budgetMs + ttl.lapseMs + 1_000;
      const maxQueued = options.limits.maxQueuedScans;
      const result = await stored(() => records.start(snapshot, { force: input.force === true, lockTtlMs, ttlMs: lockTtlMs + ttl.resultMs, maxQueued }));
      if (result.kind === 'full') {
        const { queued } = result;
        throw new EngineError('SCAN_CAPACITY', `${queued} scans are waiting for an instance, the configured bound; retry later.`, { retryAfterSec: 1, extra: { queued } });
      }
      if (result.kind === 'reused') return { snapshot: await read(result.scanId, identity), reused: true };
      if (result.kind === 'replaced') void cancelElsewhere(result.previous).catch((err: unknown) => onError(err, result.previous));
      try {
        await stored(() => queue.add(id, { request, createdAt }));
      } catch (err) {
        // Registered but never queued: end it now rather than leave it for the sweeper at its deadline.
        void finalize({ snapshot, version: 1, done: false, instance: '', cancelRequested: false }, 'not_placed').catch(() => undefined);
        throw err;
      }
      // While it waits for an instance, the instance that accepted it watches its deadline: a scan no instance could take
      // in time ends at its deadline, not a sweep later (the sweeper covers it if this instance dies first).
      setTimeout(() => void endIfQueued(id, 'not_placed').catch((err: unknown) => onError(err, id)), request.budgetMs).unref();
      const { strategies, budgetMs, strategyTimeoutMs, params } = request;
      options.onStart?.({ scanId: id, userId: identity.userId, strategies: strategies.length, symbols: params.symbols.length, budgetMs, strategyTimeoutMs });
      return { snapshot, reused: false };
    },
    read,
    async poll(id, identity, { sinceVersion, waitMs, signals = [] }) {
      const current = await read(id, identity);
      const since = sinceVersion ?? current.version;
      if (current.version !== since || current.done || waitMs <= 0 || signals.some((s) => s.aborted)) return current;
      return waitForChange(id, identity, since, waitMs, signals);
    },
    async cancel(id, identity) {
      const before = await read(id, identity);
      if (before.done) return { snapshot: before, changed: false };
      if (registry.has(id)) {
        registry.cancel(id);
        return { snapshot: registry.snapshot(id) ?? before, changed: true };
      }
      await stored(() => cancelElsewhere(id));
      let latest = await read(id, identity);
      const until = Date.now() + REMOTE_CANCEL_WAIT_MS;
      while (!latest.done && Date.now() < until) latest = await waitForChange(id, identity, latest.version, until - Date.now(), []);
      return { snapshot: latest, changed: true };
    },
    list: (identity, limit): Promise<ScanSummary[]> => stored(() => records.list(identity.userId, limit)),
    follow: (id, identity, signal) => followScan({ subscribe: (listener) => subscribe(id, listener), current: () => read(id, identity), present: fresh }, signal),
    whenFinal: async (id) => {
      const owner = registry.ownerOf(id) ?? (await stored(() => records.ownerOf(id)));
      if (owner === undefined) throw scanNotFound();
      let snapshot = await read(id, { userId: owner });
      while (!snapshot.done) snapshot = await waitForChange(id, { userId: owner }, snapshot.version, 60_000, []);
      return snapshot;
    },
    async canSee(id, identity) {
      if (!SCAN_ID_PATTERN.test(id)) return false;
      const owner = registry.ownerOf(id) ?? finals.get(id)?.userId ?? (await stored(() => records.ownerOf(id)));
      return owner === identity.userId;
    },
    remoteTraces: {
      records: (scanId) => stored(() => traces.records(scanId)),
      follow: (scanId, listener) => stored(() => traces.follow(scanId, listener)),
    },
    async storeStatus(): Promise<StoreStatus> {
      const available = redis.available;
      const [queueDepth, oldest] = available ? await Promise.all([queue.depth(), records.oldestQueuedAt()]).catch(() => [null, null]) : [null, null];
      return { available, queueDepth, oldestQueuedAgeMs: oldest === null ? null : Math.max(0, Date.now() - oldest), pendingMirrors: mirror.pending };
    },
    async beginShutdown() {
      await puller.stopTaking();
    },
    async close() {
      await puller.stopTaking();
      sweeper.stop();
      await local.close(); // cancels what still runs here; their final snapshots are mirrored
      await mirror.idle();
      await puller.close();
      await heartbeat.stop();
      await queue.close().catch(() => undefined);
      await redis.close();
    },
  };
}
