// The engine's API: the use cases every adapter (HTTP, CLI, visualizer, benchmarks) calls, with refusals raised as
// EngineErrors with codes. Reuse, admission, access and long-poll waiting live here, once. Scans are read through the
// store seam (src/engine/scan-store.ts); the core (pool + registry, src/core/) stays private.
import type { ScanLimits } from '../config.js';
import type { ScanSummary } from '../core/scan-registry.js';
import { createScanService, type ScanService, type ScanServiceOptions } from '../core/scan-service.js';
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import type { PoolStats } from '../core/strategy-pool.js';
import type { PoolTimeline } from '../scheduling/pool-timeline.js';
import type { CalibrationResult } from '../scheduling/calibration.js';
import { assertCanStart, assertCapacity, capacityRefusal } from './admission.js';
import { scanNotFound, type EngineError } from './engine-error.js';
import { SCAN_ID_PATTERN, type Identity } from './identity.js';
import type { StrategyInfo } from './load-catalogue-info.js';
import { resolveScanRequest, type StartScanInput } from './scan-request.js';
import type { ScanStore } from './scan-store.js';
import { followScan } from './follow-scan.js';

export type { Identity, StartScanInput };

export interface StartedScan {
  snapshot: ScanSnapshot;
  /** True when the caller's running scan was returned instead of a new one. */
  reused: boolean;
}

export interface ScanStartInfo {
  scanId: string;
  userId: string;
  strategies: number;
  symbols: number;
  budgetMs: number;
  strategyTimeoutMs: number;
}

export interface EngineOptions extends ScanServiceOptions {
  /** This process's instance id, named in every snapshot. */
  instance: string;
  /** The strategies the pool's catalogue module exports (what requests are checked against). */
  catalogue: readonly StrategyInfo[];
  limits: ScanLimits;
  /** Holdings used when a request has none. */
  defaultPortfolio: Readonly<Record<string, number>>;
  onStart?: (info: ScanStartInfo) => void;
}

/** Receives a remote trace's records as they come, then its end. */
export interface RemoteTraceFollower {
  record(record: unknown): void;
  end(): void;
}

/** Trace records (src/debug/trace-record.ts, opaque here) of scans recorded on other instances. */
export interface RemoteTraceReader {
  /** Every record kept, oldest first; undefined when there is no trace. */
  records(scanId: string): Promise<unknown[] | undefined>;
  /** The records so far, then each new one to `listener` until the trace ends; undefined when there is no trace. */
  follow(scanId: string, listener: RemoteTraceFollower): Promise<{ backlog: unknown[]; done: boolean; unsubscribe: () => void } | undefined>;
}

export interface StoreStatus {
  available: boolean;
  /** Scans waiting in the shared queue for an instance, and the age of the oldest, ms (null when none or unknown). */
  queueDepth: number | null;
  oldestQueuedAgeMs: number | null;
  /** Scan versions whose mirroring waits for Redis to come back. */
  pendingMirrors: number;
  /**
   * Whether Redis keeps accepted scans: an append-only file and no eviction (src/cluster/store-durability.ts). False:
   * a Redis restart or eviction can lose them; null: Redis would not say.
   */
  durable?: boolean | null;
}

export interface EngineStats {
  pool: PoolStats;
  /** Scans executing, waiting for their first worker, and finished but still readable. */
  scans: { running: number; queued: number; retained: number };
  quarantined: string[];
}

export interface Engine {
  readonly catalogue: readonly StrategyInfo[];
  readonly market: { readonly symbols: readonly string[]; readonly source: string };
  readonly threads: number;
  /** What the pool did lately (the visualizer's pool view). */
  readonly poolTimeline: PoolTimeline;
  /**
   * Throws SCAN_CAPACITY when no new scan of this caller could be admitted whatever it asks (the bounds are reached and
   * it has no running scan to reuse): adapters call it before reading a request body, so a refusal stays cheap.
   */
  capacityRefusal(identity: Identity): EngineError | undefined;
  /**
   * Registers the scan (readable on every instance once this resolves) or returns the caller's running one unless
   * `force`. In-process the registration itself is synchronous; in distributed mode it is stored before this resolves.
   */
  start(input: StartScanInput, identity: Identity): Promise<StartedScan>;
  read(id: string, identity: Identity): Promise<ScanSnapshot>;
  /** Long-poll: the first version other than `sinceVersion` (default: the current one), or the current one after `waitMs`. */
  poll(id: string, identity: Identity, options: { sinceVersion?: number; waitMs: number; signals?: AbortSignal[] }): Promise<ScanSnapshot>;
  /** Cancels a running scan (finished results are kept); `changed` is false for a scan already final. */
  cancel(id: string, identity: Identity): Promise<{ snapshot: ScanSnapshot; changed: boolean }>;
  list(identity: Identity, limit: number): Promise<ScanSummary[]>;
  /** The scan's snapshots from now on: the current one, each new version, ending with the final one (or on `signal`). */
  follow(id: string, identity: Identity, signal?: AbortSignal): AsyncIterableIterator<ScanSnapshot>;
  /** Resolves with the final snapshot of a scan this process knows. */
  whenFinal(id: string): Promise<ScanSnapshot>;
  /** Whether `identity` may see the scan (for adapters that serve other views of it, such as traces). */
  canSee(id: string, identity: Identity): Promise<boolean>;
  /** Who owns a scan this process runs or ran, for views that must hide other users' ids (the pool view). */
  ownerOf(id: string): string | undefined;
  /** Distributed mode: the traces of scans run on other instances, as their owners mirror them; null in-process. */
  readonly remoteTraces: RemoteTraceReader | null;
  /** This process's instance id (every snapshot it builds names it). */
  readonly instance: string;
  /** What the shared store says about itself; null in-process (there is none). */
  storeStatus(): Promise<StoreStatus | null>;
  /** Shutdown has begun: take no more work from elsewhere (distributed mode); scans already here run on. */
  beginShutdown(): Promise<void>;
  stats(): EngineStats;
  /** Scans not yet final. */
  readonly activeCount: number;
  /** Cancels every scan not yet final (shutdown). */
  cancelAll(): number;
  /** Resolves once every worker has loaded its strategies: a scan started after it does not wait for module loading. */
  ready(): Promise<void>;
  /** Measures every strategy never seen, in the background, on the whole market. */
  calibrate(): Promise<CalibrationResult[]>;
  close(): Promise<void>;
}

/** Builds the engine over `core`, or over a core of its own built from the options. */
export function createEngine(options: EngineOptions, core: ScanService = createScanService(options)): Engine {
  const { registry, pool } = core;
  const store: ScanStore = registry;
  const requestContext = {
    strategyIds: options.catalogue.map((s) => s.id),
    symbols: options.market.symbols,
    defaultPortfolio: options.defaultPortfolio,
    limits: options.limits,
  };

  const visible = (id: string, identity: Identity): ScanSnapshot | undefined =>
    SCAN_ID_PATTERN.test(id) && store.ownerOf(id) === identity.userId ? store.snapshot(id) : undefined;
  const read = (id: string, identity: Identity): ScanSnapshot => {
    const snapshot = visible(id, identity);
    if (!snapshot) throw scanNotFound();
    return snapshot;
  };

  return {
    catalogue: options.catalogue,
    market: options.market,
    threads: pool.threads,
    poolTimeline: core.poolTimeline,
    capacityRefusal(identity) {
      return store.activeScanOf(identity.userId) === undefined ? capacityRefusal(registry, options.limits) : undefined;
    },
    async start(input, identity) {
      const request = resolveScanRequest(input, identity.userId, requestContext);
      if (input.force !== true) {
        const active = store.activeScanOf(identity.userId);
        const snapshot = active === undefined ? undefined : store.snapshot(active);
        if (snapshot) return { snapshot, reused: true };
      }
      assertCapacity(registry, options.limits);
      assertCanStart(core.admission(request), request.budgetMs);
      const id = registry.create(request);
      const { strategies, budgetMs, strategyTimeoutMs, params } = request;
      options.onStart?.({ scanId: id, userId: identity.userId, strategies: strategies.length, symbols: params.symbols.length, budgetMs, strategyTimeoutMs });
      // create() registers synchronously; a missing snapshot here would be an engine bug, not a caller's error.
      const snapshot = store.snapshot(id);
      if (!snapshot) throw new Error(`scan ${id} vanished right after creation`);
      return { snapshot, reused: false };
    },
    read: async (id, identity) => read(id, identity),
    async poll(id, identity, { sinceVersion, waitMs, signals = [] }) {
      const current = read(id, identity);
      const since = sinceVersion ?? current.version;
      if (current.version !== since || current.done || waitMs <= 0 || signals.some((s) => s.aborted)) return current;
      return new Promise((resolve) => {
        // Every way out clears the timer, the subscription and the abort listeners.
        const finish = (snapshot: ScanSnapshot | undefined): void => {
          clearTimeout(timer);
          unsubscribe();
          for (const s of signals) s.removeEventListener('abort', onAbort);
          resolve(snapshot ?? store.snapshot(id) ?? current);
        };
        const onAbort = (): void => finish(undefined);
        const timer = setTimeout(() => finish(undefined), waitMs);
        const unsubscribe = store.subscribe(id, (snapshot) => {
          if (snapshot.version !== since) finish(snapshot);
        });
        for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
      });
    },
    async cancel(id, identity) {
      const before = read(id, identity);
      if (before.done) return { snapshot: before, changed: false };
      registry.cancel(id);
      return { snapshot: store.snapshot(id) ?? before, changed: true };
    },
    list: async (identity, limit) => store.list(identity.userId, limit),
    follow(id, identity, signal) {
      // Read now, so an unknown or foreign id throws here; then from the store's newest snapshot, which may be later.
      const first = read(id, identity);
      return followScan({ subscribe: (listener) => store.subscribe(id, listener), current: () => store.snapshot(id) ?? first }, signal);
    },
    whenFinal(id) {
      return new Promise((resolve, reject) => {
        const now = store.snapshot(id);
        if (!now) return reject(scanNotFound());
        if (now.done) return resolve(now);
        store.subscribe(id, (snapshot) => {
          if (snapshot.done) resolve(snapshot);
        });
      });
    },
    canSee: async (id, identity) => visible(id, identity) !== undefined,
    ownerOf: (id) => store.ownerOf(id),
    remoteTraces: null,
    instance: options.instance,
    storeStatus: async () => null,
    beginShutdown: async () => undefined,
    stats() {
      const queued = registry.waitingCount;
      return {
        pool: pool.stats,
        scans: { running: registry.activeCount - queued, queued, retained: registry.retainedCount },
        quarantined: pool.quarantine.list(),
      };
    },
    get activeCount() {
      return registry.activeCount;
    },
    cancelAll() {
      const ids = registry.activeIds();
      for (const id of ids) registry.cancel(id);
      return ids.length;
    },
    ready: () => pool.ready(),
    calibrate: () => core.calibrate(requestContext.strategyIds, { symbols: [...options.market.symbols], portfolio: { ...options.defaultPortfolio } }),
    close: () => core.close(),
  };
}
