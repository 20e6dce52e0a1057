// What `createApp` is built from. main.ts passes the real engine; tests pass one over the fixture strategies.
import type { Config } from '../config.js';
import type { Engine, RemoteTraceReader } from '../engine/engine.js';
import type { Logger } from '../observability/logger.js';
import type { ScannerMetrics } from '../observability/metrics.js';
import type { TraceStore } from '../debug/trace-store.js';
import type { WarmView } from '../core/warm-start.js';
import type { HttpLifecycle } from './lifecycle.js';
import type { ScanRequestSchema } from './schemas/request-schemas.js';

export interface AppDeps {
  /** The use cases; routes are adapters over it. */
  engine: Engine;
  config: Pick<Config, 'tokens' | 'scans' | 'http'>;
  logger: Logger;
  metrics: ScannerMetrics;
  /** Shutdown state and open streams; created by createApp when absent. */
  lifecycle?: HttpLifecycle;
  /** Readiness and where strategy costs came from (src/scheduling/warm-start.ts); absent: ready once built. */
  warm?: WarmView;
  /** Scan traces: when given, the visualizer's routes (/v1/scans/:id/trace, /inspect, /debug) are mounted. */
  traces?: TraceStore;
  /** Distributed mode: traces recorded on other instances, for the visualizer's routes. */
  remoteTraces?: RemoteTraceReader;
}

/** AppDeps once createApp has filled the defaults in. */
export type RouteDeps = AppDeps & {
  lifecycle: HttpLifecycle;
  /** Built once: the POST body schema depends on configured limits and is one OpenAPI component. */
  scanRequest: ScanRequestSchema;
};
