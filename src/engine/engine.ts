// The engine's API: the use cases every adapter (HTTP, CLI, visualizer, benchmarks) calls, with refusals raised as
// EngineErrors with codes. Written once, over two ports: the store (where scans are kept and how their versions are
// known: src/engine/scan-store.ts) and the placement (where a scan runs: src/engine/placement.ts). In-process both are
// this process's registry (memory-scan-store.ts, local-placement.ts); in distributed mode they are Redis and BullMQ
// (src/cluster/). Scans that run on this process are actors in its registry either way (the core, src/core/, stays private).
import type { ScanLimits } from '../config.js';
import type { ScanSummary } from '../core/scan-registry.js';
import type { ScanService, ScanServiceOptions } from '../core/scan-service.js';
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import type { PoolStats } from '../core/strategy-pool.js';
import type { PoolTimeline } from '../scheduling/pool-timeline.js';
import type { CalibrationResult } from '../scheduling/calibration.js';
import { scanNotFound, shuttingDown, type EngineError } from './engine-error.js';
import { SCAN_ID_PATTERN, type Identity } from './identity.js';
import type { StrategyInfo } from './load-catalogue-info.js';
import { LocalPlacement } from './local-placement.js';
import { MemoryScanStore } from './memory-scan-store.js';
import type { Placement } from './placement.js';
import { resolveScanRequest, type StartScanInput } from './scan-request.js';
import type { ScanStore, StartedScan, StoreStatus } from './scan-store.js';
import { followScan } from './follow-scan.js';

export type { Identity, StartScanInput, StartedScan, StoreStatus };

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
  instanceId: string;
  /** The strategies the pool's catalogue module exports (what requests are checked against). */
  catalogue: readonly StrategyInfo[];
  scans: ScanLimits;
  /** Holdings used when a request has none. */
  defaultPortfolio: Readonly<Record<string, number>>;
  onStart?: (info: ScanStartInfo) => void;
}

/** The ports an engine runs over, and how to release them once the local core has closed. */
export interface EnginePorts {
  store: ScanStore;
  placement: Placement;
  close(): Promise<void>;
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
   * The refusal any start by this caller would get now, whatever it asks (at capacity with no running scan to reuse; the
   * shared store unreachable): adapters call it before reading a request body, so a refusal stays cheap.
   */
  earlyRefusal(identity: Identity): EngineError | undefined;
  /**
   * Registers the scan — readable wherever it is asked for once this resolves (in-process, in the same tick) — or returns
   * the caller's running one unless `force`.
   */
  start(input: StartScanInput, identity: Identity): Promise<StartedScan>;
  read(id: string, identity: Identity): Promise<ScanSnapshot>;
  /** Long-poll: the first version other than `sinceVersion` (default: the current one), or the current one after `waitMs`. */
  poll(id: string, identity: Identity, options: { sinceVersion?: number; waitMs: number; signals?: AbortSignal[] }): Promise<ScanSnapshot>;
  /** Cancels a running scan wherever it runs (finished results are kept); `changed` is false for a scan already final. */
  cancel(id: string, identity: Identity): Promise<{ snapshot: ScanSnapshot; changed: boolean }>;
  list(identity: Identity, limit: number): Promise<ScanSummary[]>;
  /** The scan's snapshots from now on: the current one, each new version, ending with the final one (or on `signal`). */
  follow(id: string, identity: Identity, signal?: AbortSignal): AsyncIterableIterator<ScanSnapshot>;
  /** Resolves with the final snapshot of a scan the store knows. */
  whenFinal(id: string): Promise<ScanSnapshot>;
  /** Whether `identity` may see the scan (for adapters that serve other views of it, such as traces). */
  canSee(id: string, identity: Identity): Promise<boolean>;
  /** Who owns a scan this process runs or ran, for views that must hide other users' ids (the pool view). */
  ownerOf(id: string): string | undefined;
  /** This process's instance id (every snapshot it builds names it). */
  readonly instance: string;
  /** What the store says about itself. */
  storeStatus(): Promise<StoreStatus>;
  /** Shutdown has begun: start refuses (SHUTTING_DOWN) and no more scans are placed here; scans already here run on. */
  beginShutdown(): Promise<void>;
  stats(): EngineStats;
  /** Scans not yet final on this process. */
  readonly activeCount: number;
  /** Cancels every scan not yet final on this process (shutdown). */
  cancelAll(): number;
  /** Resolves once every worker has loaded its strategies: a scan started after it does not wait for module loading. */
  ready(): Promise<void>;
  /** Measures every strategy never seen, in the background, on the whole market. */
  calibrate(): Promise<CalibrationResult[]>;
  close(): Promise<void>;
}

/** How long a cancel of a scan running elsewhere waits for its owner's final version before answering. */
const CANCEL_WAIT_MS = 2_000;
/** A wait for a final version re-reads the store this often (a version missed during an outage is then still seen). */
const FINAL_WAIT_SLICE_MS = 60_000;

/** The embedded default's ports: this process's registry is both the store and where every scan runs. */
export function memoryPorts(core: ScanService, limits: ScanLimits): EnginePorts {
  return { store: new MemoryScanStore(core.registry), placement: new LocalPlacement(core, limits), close: () => Promise.resolve() };
}

/** Builds the engine over `core` and its ports (in memory unless given). */
export function createEngine(options: EngineOptions, core: ScanService, ports: EnginePorts = memoryPorts(core, options.scans)): Engine {
  const { registry, pool } = core;
  const { store, placement } = ports;
  const requestContext = {
    strategyIds: options.catalogue.map((s) => s.id),
    symbols: options.market.symbols,
    defaultPortfolio: options.defaultPortfolio,
    limits: options.scans,
  };
  let stopped = false;

  /** The scan as its owner sees it; SCAN_NOT_FOUND alike for an unknown, expired, malformed or foreign id. */
  const read = async (id: string, identity: Identity): Promise<ScanSnapshot> => {
    if (!SCAN_ID_PATTERN.test(id)) throw scanNotFound();
    const snapshot = await store.read(id);
    if (!snapshot || snapshot.userId !== identity.userId) throw scanNotFound();
    return snapshot;
  };

  /** The first version other than `since`, or the newest one after `waitMs` or on an abort. */
  const waitForChange = async (id: string, identity: Identity, since: number, waitMs: number, signals: readonly AbortSignal[]): Promise<ScanSnapshot> => {
    let wake: (snapshot: ScanSnapshot | undefined) => void = () => undefined;
    const woken = new Promise<ScanSnapshot | undefined>((resolve) => (wake = resolve));
    const unsubscribe = await store.subscribe(id, (snapshot) => {
      if (snapshot.version !== since) wake(snapshot);
    });
    const timer = setTimeout(() => wake(undefined), waitMs);
    const onAbort = (): void => wake(undefined);
    for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
    try {
      // Read after subscribing: a version written in between is then either read here or heard by the listener.
      const current = await read(id, identity);
      if (current.version !== since || current.done) return current;
      return (await woken) ?? (await read(id, identity));
    } finally {
      clearTimeout(timer);
      unsubscribe();
      for (const s of signals) s.removeEventListener('abort', onAbort);
    }
  };

  return {
    catalogue: options.catalogue,
    market: options.market,
    threads: pool.threads,
    poolTimeline: core.poolTimeline,
    earlyRefusal: (identity) => placement.earlyRefusal(identity.userId),
    async start(input, identity) {
      if (stopped) throw shuttingDown();
      const request = resolveScanRequest(input, identity.userId, requestContext);
      const started = await store.register(identity.userId, input.force === true, () => placement.prepare(request));
      if (started.reused) return started;
      await placement.dispatch(started.snapshot, request);
      const { strategies, budgetMs, strategyTimeoutMs, params } = request;
      options.onStart?.({ scanId: started.snapshot.id, userId: identity.userId, strategies: strategies.length, symbols: params.symbols.length, budgetMs, strategyTimeoutMs });
      return started;
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
      await store.cancel(id);
      // A scan running here is final at once; one running elsewhere is final once its owner has heard.
      let latest = await read(id, identity);
      const until = Date.now() + CANCEL_WAIT_MS;
      while (!latest.done && Date.now() < until) latest = await waitForChange(id, identity, latest.version, until - Date.now(), []);
      return { snapshot: latest, changed: true };
    },
    list: (identity, limit) => store.list(identity.userId, limit),
    follow: (id, identity, signal) => followScan({ subscribe: (listener) => store.subscribe(id, listener), current: () => read(id, identity) }, signal),
    async whenFinal(id) {
      const owner = await store.ownerOf(id);
      if (owner === undefined) throw scanNotFound();
      let snapshot = await read(id, { userId: owner });
      while (!snapshot.done) snapshot = await waitForChange(id, { userId: owner }, snapshot.version, FINAL_WAIT_SLICE_MS, []);
      return snapshot;
    },
    canSee: async (id, identity) => SCAN_ID_PATTERN.test(id) && (await store.ownerOf(id)) === identity.userId,
    ownerOf: (id) => registry.ownerOf(id),
    instance: options.instanceId,
    storeStatus: () => store.status(),
    async beginShutdown() {
      stopped = true;
      await placement.stop();
    },
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
    async close() {
      await placement.stop();
      await core.close(); // cancels what still runs here; the store keeps their final versions
      await ports.close();
    },
  };
}
