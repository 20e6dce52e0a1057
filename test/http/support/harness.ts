// Builds the HTTP app over the real engine with the fixture strategies and a tiny market, as the HTTP tests use it.
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { serve } from '@hono/node-server';
import { loadConfig, type Config } from '../../../src/config.js';
import { TraceStore } from '../../../src/debug/trace-store.js';
import type { Engine } from '../../../src/engine/engine.js';
import { createApp } from '../../../src/http/create-app.js';
import { answerClientErrors, httpServerOptions } from '../../../src/http/http-server.js';
import { HttpLifecycle } from '../../../src/http/lifecycle.js';
import { createLogger } from '../../../src/observability/logger.js';
import { ScannerMetrics } from '../../../src/observability/metrics.js';
import { createScanObserver, observerHooks } from '../../../src/observability/scan-observer.js';
import type { ScanService } from '../../../src/core/scan-service.js';
import type { ScanSnapshot } from '../../../src/core/scan-snapshot.js';
import { createFixtureEngine, FIXTURE_SYMBOLS, fixtureInfo } from '../../fixtures/fixture-engine.js';
import { waitForFinal } from '../../support/engine.js';

export { FIXTURE_SYMBOLS, fixtureInfo, waitForFinal };

/** Log lines captured in memory, parsed. */
export class LogSink extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString().split('\n').filter(Boolean)) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
}

export interface Harness {
  app: ReturnType<typeof createApp>;
  engine: Engine;
  /** The core under the engine (pool, registry), for tests that set up or inspect it directly. */
  service: ScanService;
  config: Config;
  lifecycle: HttpLifecycle;
  metrics: ScannerMetrics;
  logs: LogSink;
  finished: ScanSnapshot[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Record scan traces and mount the visualizer's routes. */
  traces?: boolean;
}

export function createHarness(env: Record<string, string> = {}, options: HarnessOptions = {}): Harness {
  const settings = { SCANNER_LOG_LEVEL: 'info', ...env };
  const logs = new LogSink();
  const metrics = new ScannerMetrics();
  const finished: ScanSnapshot[] = [];
  const logConfig = loadConfig(settings);
  const logger = createLogger({ level: logConfig.logLevel, destination: logs });
  const observer = createScanObserver({ logger, metrics, alertThresholdMs: logConfig.alertThresholdMs });
  const traces = options.traces ? new TraceStore({ cap: logConfig.traceCap }) : undefined;
  const hooks = observerHooks(observer);
  const { engine, core, config } = createFixtureEngine(settings, {
    ...hooks,
    onFinish: (snapshot) => {
      finished.push(snapshot);
      observer.finished(snapshot);
    },
    inspectorFor: traces?.inspectorFor,
    onDrop: traces?.drop,
  });
  metrics.watch(engine);
  const lifecycle = new HttpLifecycle({ maxStreams: config.http.maxSseClients });
  const app = createApp({ engine, config, logger, metrics, lifecycle, traces });
  return {
    app,
    engine,
    service: core,
    config,
    lifecycle,
    metrics,
    logs,
    finished,
    async close() {
      lifecycle.streams.endAll();
      metrics.close();
      await engine.close();
    },
  };
}

/** JSON request helper for app.request(). */
export function jsonInit(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } };
}

export const asUser = (user: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string> | undefined), 'X-User-Id': user },
});

/** Runs one quick scan so that worker start-up (~100+ ms) does not land in a timed test. */
export async function warmUp(h: Harness): Promise<void> {
  // Straight through the registry: independent of the app's auth configuration.
  const id = h.service.registry.create({
    userId: 'warm-up',
    strategies: ['fast', 'fast_b'],
    budgetMs: 10_000,
    strategyTimeoutMs: 10_000,
    params: { symbols: FIXTURE_SYMBOLS, portfolio: {} },
  });
  await waitForFinal(h.service.registry, id);
}

export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** Serves the app on 127.0.0.1, port 0 (a real socket, for SSE and disconnect behaviour). */
export function listen(h: Harness): Promise<Listening> {
  return new Promise((resolve) => {
    // The server options and client-error answers of src/main.ts.
    const server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1', serverOptions: httpServerOptions(h.config.http) }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as Server).closeAllConnections();
          }),
      });
    });
    answerClientErrors(server as Server);
  });
}
