// Prometheus metrics (prom-client), on a registry of our own so that several apps (tests) can live in one process.
// Naming: scanner_<noun>_<unit>[_total], base units (seconds), no ids as labels — only bounded label sets
// (final state, strategy id from the catalogue, outcome, error code, HTTP method/route pattern/status).
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EngineStats, StoreStatus } from '../engine/engine.js';
import type { ScanSnapshot } from '../core/scan-snapshot.js';

/** Sampling interval of the event-loop delay monitor. */
const LOOP_DELAY_RESOLUTION_MS = 10;

/** What the gauges read at scrape time. */
export interface EngineGauges {
  stats(): EngineStats;
  /** Distributed mode: the shared store and queue; null in-process. */
  storeStatus(): Promise<StoreStatus | null>;
}

const SCAN_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 45, 60];
const STRATEGY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const HTTP_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30];

export class ScannerMetrics {
  readonly registry = new Registry();
  readonly #loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  #engine: EngineGauges | undefined;

  readonly scansStarted = new Counter({
    name: 'scanner_scans_started_total',
    help: 'Scans accepted by POST (reused scans not counted).',
    registers: [this.registry],
  });

  readonly scanDuration = new Histogram({
    name: 'scanner_scan_duration_seconds',
    help: 'Time from a scan being registered to its final state, by final state.',
    labelNames: ['state'] as const,
    buckets: SCAN_BUCKETS,
    registers: [this.registry],
  });

  readonly strategyDuration = new Histogram({
    name: 'scanner_strategy_duration_seconds',
    help: 'Time a strategy ran on a worker, by strategy and outcome (skipped strategies never ran and are not observed).',
    labelNames: ['strategy', 'outcome'] as const,
    buckets: STRATEGY_BUCKETS,
    registers: [this.registry],
  });

  readonly strategyTimeouts = new Counter({
    name: 'scanner_strategy_timeouts_total',
    help: 'Strategies stopped at their deadline.',
    labelNames: ['strategy'] as const,
    registers: [this.registry],
  });

  readonly strategyFailures = new Counter({
    name: 'scanner_strategy_failures_total',
    help: 'Strategies that failed, by error code.',
    labelNames: ['strategy', 'code'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'scanner_http_request_duration_seconds',
    help: 'HTTP request duration until the response headers, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.#loopDelay.enable();
    const engine = (): EngineGauges | undefined => this.#engine;
    const loopDelay = this.#loopDelay;
    new Gauge({
      name: 'scanner_pool_queue_size',
      help: 'Strategy tasks waiting for a worker thread.',
      registers: [this.registry],
      collect() {
        const e = engine();
        if (e) this.set(e.stats().pool.queued);
      },
    });
    new Gauge({
      name: 'scanner_pool_utilization_ratio',
      help: "Worker pool utilization (Piscina's estimate, 0..1).",
      registers: [this.registry],
      collect() {
        const e = engine();
        if (e) this.set(e.stats().pool.utilization);
      },
    });
    new Gauge({
      name: 'scanner_pool_running_tasks',
      help: 'Strategy tasks executing on a worker.',
      registers: [this.registry],
      collect() {
        const e = engine();
        if (e) this.set(e.stats().pool.running);
      },
    });
    new Gauge({
      name: 'scanner_pool_threads',
      help: 'Worker threads alive (the task slots plus the warm spare).',
      registers: [this.registry],
      collect() {
        const e = engine();
        if (e) this.set(e.stats().pool.workers);
      },
    });
    const everQuarantined = new Set<string>();
    new Gauge({
      name: 'scanner_strategy_quarantined',
      help: 'Strategies planned last because they were hard-killed in several consecutive runs (1) or no longer (0).',
      labelNames: ['strategy'] as const,
      registers: [this.registry],
      collect() {
        const e = engine();
        if (!e) return;
        const now = new Set(e.stats().quarantined);
        for (const id of now) everQuarantined.add(id);
        for (const id of everQuarantined) this.set({ strategy: id }, now.has(id) ? 1 : 0);
      },
    });
    new Gauge({
      name: 'scanner_scans_active',
      help: 'Scans not yet final (running or waiting for their first worker).',
      registers: [this.registry],
      collect() {
        const e = engine();
        if (e) this.set(e.stats().scans.running + e.stats().scans.queued);
      },
    });
    // Distributed mode only (absent in-process): one scrape reads the store once for all three.
    let store: Promise<StoreStatus | null> | undefined;
    const storeStatus = (): Promise<StoreStatus | null> =>
      (store ??= engine()?.storeStatus().then((s) => (s?.shared === false ? null : s)).finally(() => (store = undefined)) ?? Promise.resolve(null));
    new Gauge({
      name: 'scanner_store_available',
      help: 'Distributed mode: 1 while Redis answers, 0 while it is unreachable.',
      registers: [this.registry],
      async collect() {
        const s = await storeStatus();
        if (s) this.set(s.available ? 1 : 0);
      },
    });
    new Gauge({
      name: 'scanner_queue_depth',
      help: 'Distributed mode: scans waiting in the shared BullMQ queue for an instance.',
      registers: [this.registry],
      async collect() {
        const s = await storeStatus();
        if (s?.queueDepth != null) this.set(s.queueDepth);
      },
    });
    new Gauge({
      name: 'scanner_queue_oldest_age_seconds',
      help: 'Distributed mode: how long the scan waiting longest in the shared queue has waited (0 when none waits).',
      registers: [this.registry],
      async collect() {
        const s = await storeStatus();
        if (s) this.set((s.oldestQueuedAgeMs ?? 0) / 1000);
      },
    });
    new Gauge({
      name: 'scanner_scans_retained',
      help: 'Final scans still readable (until their TTL).',
      registers: [this.registry],
      collect() {
        const e = engine();
        if (e) this.set(e.stats().scans.retained);
      },
    });
    new Gauge({
      name: 'scanner_event_loop_lag_seconds',
      help: 'Event-loop delay p99 since the previous scrape (perf_hooks.monitorEventLoopDelay).',
      registers: [this.registry],
      collect() {
        // The histogram is in nanoseconds and its samples include the sampling interval itself (an idle loop reads
        // ~10 ms), so the interval is subtracted; reset so each scrape sees its own window.
        const p99Ms = loopDelay.count > 0 ? loopDelay.percentile(99) / 1e6 - LOOP_DELAY_RESOLUTION_MS : 0;
        this.set(Math.max(0, p99Ms) / 1e3);
        loopDelay.reset();
      },
    });
  }

  /** Binds the gauges to the engine (the engine is created after the metrics, since it reports into them). */
  watch(engine: EngineGauges): void {
    this.#engine = engine;
  }

  /** Records a scan that reached its final state. */
  observeFinishedScan(snapshot: ScanSnapshot): void {
    this.scanDuration.observe({ state: snapshot.state }, snapshot.elapsedMs / 1000);
    for (const strategy of snapshot.strategies) {
      if (strategy.durationMs !== null) {
        this.strategyDuration.observe({ strategy: strategy.id, outcome: strategy.status }, strategy.durationMs / 1000);
      }
      if (strategy.status === 'timed_out') this.strategyTimeouts.inc({ strategy: strategy.id });
      if (strategy.status === 'failed') {
        this.strategyFailures.inc({ strategy: strategy.id, code: strategy.error?.code ?? 'STRATEGY_FAILED' });
      }
    }
  }

  /** Prometheus text exposition. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  close(): void {
    this.#loopDelay.disable();
  }
}
