// Process entry: configuration → engine (market, catalogue, pool) → HTTP app → server → signals. Wiring only; behaviour lives in the
// modules it wires.
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { ConfigError, loadConfig, type Config } from './config.js';
import { REPEAT_SIGNAL_MS } from './process-signals.js';
import { TraceStore } from './debug/trace-store.js';
import { createApp } from './http/create-app.js';
import { gracefulShutdown } from './http/graceful-shutdown.js';
import { answerClientErrors, httpServerOptions } from './http/http-server.js';
import { HttpLifecycle } from './http/lifecycle.js';
import { createLogger, type Logger } from './observability/logger.js';
import { ScannerMetrics } from './observability/metrics.js';
import { createScanObserver, observerHooks } from './observability/scan-observer.js';
import { buildEngine } from './build-engine.js';
import type { RemoteTraceReader } from './engine/engine.js';
import { watchReadiness } from './observability/readiness-metrics.js';
import { WarmStart, type SharedCosts } from './core/warm-start.js';
import type { CostStateKey } from './scheduling/cost-state.js';

/** Extra time past the shutdown grace before the process gives up on a clean exit. */
const SHUTDOWN_HARD_LIMIT_EXTRA_MS = 5_000;

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}

/** Distributed mode's copy of the learned costs; Redis code is imported only here, and only when it is configured. */
async function openClusterCosts(distributed: NonNullable<Config['distributed']>, instanceId: string, logger: Logger): Promise<{ costs: (key: CostStateKey) => SharedCosts; close(): void }> {
  const { CostSync, openCostSyncClient } = await import('./cluster/cost-sync.js');
  const client = openCostSyncClient(distributed.redisUrl, (err) => logger.warn({ err }, 'cost sharing: Redis error'));
  return { costs: (key) => new CostSync(client, distributed.prefix, key, instanceId), close: () => client.disconnect() };
}

function onSignals(logger: Logger, shutdown: (reason: string) => Promise<void>, graceMs: number): void {
  let stoppingSince: number | undefined;
  const handle = (signal: NodeJS.Signals): void => {
    if (stoppingSince !== undefined) {
      // npm's forwarded copy of the first signal, not a second one.
      if (Date.now() - stoppingSince < REPEAT_SIGNAL_MS) return;
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
    setTimeout(() => {
      logger.error({ graceMs }, 'shutdown did not finish in time: exiting');
      process.exit(1);
    }, graceMs + SHUTDOWN_HARD_LIMIT_EXTRA_MS).unref();
    shutdown(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({ level: config.logLevel, instance: config.instanceId });
  // A safety net, not a control path: every promise is meant to be awaited or caught. Log it where operators look
  // instead of dying mid-request with scans in flight.
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled promise rejection'));
  if (config.tokens.size === 0) {
    logger.warn('auth is off (dev mode): SCANNER_TOKENS is empty, callers are identified by X-User-Id or as "anonymous"');
  }
  if (config.catalogueUrl) logger.warn({ catalogueUrl: config.catalogueUrl }, 'using a replacement strategy catalogue (tests only)');

  const metrics = new ScannerMetrics();
  const observer = createScanObserver({ logger, metrics, alertThresholdMs: config.alertThresholdMs });
  const traces = new TraceStore({
    cap: config.traceCap,
    // Tracing is best-effort: a failure closes that scan's trace, never the scan.
    onError: (err, scanId) => logger.warn({ err, scanId }, 'scan trace stopped after an inspection error'),
  });
  let remoteTraces: RemoteTraceReader | undefined;
  // Learned costs: saved under SCANNER_STATE_DIR, shared over Redis in distributed mode; readiness (GET /readyz).
  const clusterCosts = config.distributed ? await openClusterCosts(config.distributed, config.instanceId, logger) : null;
  const warm = new WarmStart({
    stateDir: config.scheduling.stateDir,
    calibration: config.scheduling.calibration,
    cluster: clusterCosts?.costs ?? null,
    catalogueUrl: config.catalogueUrl,
    log: logger,
  });
  watchReadiness(metrics.registry, warm.readiness);
  const engine = await buildEngine(config, {
    ...observerHooks(observer),
    inspectorFor: traces.inspectorFor,
    onDrop: traces.drop,
    observeTraces: (observer) => traces.observe(observer),
    traceRecords: (scanId) => traces.records(scanId),
    shareTraces: (reader) => (remoteTraces = reader),
    warn: (fields, message) => logger.warn(fields, message),
    prepare: (core) => warm.attach(core),
    isReady: () => warm.readiness.ready,
  });
  metrics.watch(engine);
  const lifecycle = new HttpLifecycle({ maxStreams: config.http.maxSseClients });
  const app = createApp({ engine, config, logger, metrics, lifecycle, traces, remoteTraces, warm });

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: httpServerOptions(config.http) }, (info) => {
    logger.info(
      {
        port: info.port,
        host: config.host,
        url: `http://${config.host}:${info.port}`,
        threads: engine.threads,
        symbols: engine.market.symbols.length,
        strategies: engine.catalogue.length,
        market: engine.market.source,
        mode: config.distributed ? `distributed (Redis prefix ${config.distributed.prefix})` : 'single process',
      },
      'listening',
    );
  }) as Server;
  answerClientErrors(server);
  server.on('error', (err) => {
    logger.fatal({ err }, 'server error');
    process.exit(1);
  });
  void warm.warm(engine);
  const shutdown = async (reason: string): Promise<void> => {
    // gracefulShutdown turns /readyz to 503 before anything else; the learned costs are written once scans are done.
    await gracefulShutdown({ server, engine, lifecycle, logger, shutdownGraceMs: config.shutdownGraceMs }, reason);
    await warm.close().catch((err: unknown) => logger.warn({ err }, 'saving strategy costs at shutdown failed'));
    clusterCosts?.close();
  };
  onSignals(logger, shutdown, config.shutdownGraceMs);
}

main().catch((err: unknown) => {
  process.stderr.write(`start-up failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
