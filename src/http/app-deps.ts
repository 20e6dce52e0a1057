// What `createApp` is built from. main.ts passes the real engine; tests pass the fixture engine and a tiny market.
import type { Config } from '../config.js';
import type { Logger } from '../observability/logger.js';
import type { ScannerMetrics } from '../observability/metrics.js';
import type { ScanObserver } from '../observability/scan-observer.js';
import type { ScanService } from '../scan-service.js';
import type { TraceStore } from '../debug/trace-store.js';
import type { HttpLifecycle } from './lifecycle.js';
import type { ScanRequestSchema } from './schemas/request-schemas.js';

/** A strategy as GET /v1/strategies lists it (the catalogue without its `run`). */
export interface StrategyInfo {
  id: string;
  name: string;
  description: string;
  inputs: string[];
}

export interface AppDeps {
  /** `poolTimeline` feeds the visualizer's pool view (GET /debug/pool.json, mounted with the other debug routes). */
  service: Pick<ScanService, 'registry' | 'pool' | 'market' | 'poolTimeline' | 'admission'>;
  catalogue: readonly StrategyInfo[];
  /** Holdings used when a request has no `portfolio`. */
  defaultPortfolio: Readonly<Record<string, number>>;
  config: Pick<Config, 'tokens' | 'scans' | 'http'>;
  logger: Logger;
  metrics: ScannerMetrics;
  observer: ScanObserver;
  /** Shutdown state and open streams; created by createApp when absent. */
  lifecycle?: HttpLifecycle;
  /** Scan traces: when given, the visualizer's routes (/v1/scans/:id/trace, /inspect, /debug, /debug/pool.json) are mounted. */
  traces?: TraceStore;
}

/** AppDeps once createApp has filled the defaults in. */
export type RouteDeps = AppDeps & {
  lifecycle: HttpLifecycle;
  /** Built once: the POST body schema depends on configured limits and is one OpenAPI component. */
  scanRequest: ScanRequestSchema;
};
