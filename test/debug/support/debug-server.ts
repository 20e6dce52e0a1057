// A real HTTP server on port 0 for the visualizer tests: the debug routes over the fixture engine, behind a test auth
// middleware (user = X-User-Id, else 'anonymous', as in dev mode), plus the two scan routes the page calls
// (GET /v1/scans, POST /v1/scans) in their contract shape — enough to drive the page without the full HTTP layer.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { createDebugRoutes, type DebugRoutesDeps } from '../../../src/debug/debug-routes.js';
import { TraceStore, type TraceStoreOptions } from '../../../src/debug/trace-store.js';
import type { AppEnv } from '../../../src/http/app-env.js';
import type { ScanRegistry } from '../../../src/scan-registry.js';
import type { StrategyPool } from '../../../src/strategy-pool.js';
import { createFixturePool, createFixtureRegistry, scanRequest } from '../../support/engine.js';

export interface DebugServer {
  url: string;
  registry: ScanRegistry;
  traces: TraceStore;
  pool: StrategyPool;
  close(): Promise<void>;
}

export interface DebugServerOptions {
  traces?: Partial<TraceStoreOptions>;
  routes?: Partial<Omit<DebugRoutesDeps, 'registry' | 'traces'>>;
  threads?: number;
}

export function createTestApp(registry: ScanRegistry, traces: TraceStore, routes: DebugServerOptions['routes'] = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('userId', c.req.header('X-User-Id') ?? 'anonymous');
    await next();
  });
  app.get('/v1/scans', (c) => c.json({ scans: registry.list(c.get('userId'), Number(c.req.query('limit') ?? 20)) }));
  app.post('/v1/scans', async (c) => {
    const body = (await c.req.json()) as { strategies?: string[]; budgetMs?: number; strategyTimeoutMs?: number };
    const id = registry.create(scanRequest(body.strategies ?? ['fast', 'slow'], { userId: c.get('userId'), ...pick(body) }));
    return c.json(registry.snapshot(id), 202);
  });
  app.route('/', createDebugRoutes({ registry, traces, ...routes }));
  return app;
}

function pick(body: { budgetMs?: number; strategyTimeoutMs?: number }): { budgetMs?: number; strategyTimeoutMs?: number } {
  return {
    ...(body.budgetMs !== undefined ? { budgetMs: body.budgetMs } : {}),
    ...(body.strategyTimeoutMs !== undefined ? { strategyTimeoutMs: body.strategyTimeoutMs } : {}),
  };
}

export async function startDebugServer(options: DebugServerOptions = {}): Promise<DebugServer> {
  const traces = new TraceStore({ cap: 1000, ...options.traces });
  const pool = createFixturePool({ threads: options.threads ?? 2 });
  const registry = createFixtureRegistry(pool, { inspectorFor: traces.inspectorFor, onDrop: traces.drop });
  const app = createTestApp(registry, traces, options.routes);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    registry,
    traces,
    pool,
    async close() {
      for (const id of registry.activeIds()) registry.cancel(id);
      registry.clear();
      // Open SSE responses would hold server.close() forever: end them first.
      traces.clear();
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}
