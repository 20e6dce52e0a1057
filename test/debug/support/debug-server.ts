// A real HTTP server on port 0 with only the debug routes over the fixture engine, behind a test auth middleware
// (user = X-User-Id, else 'anonymous', as in dev mode): the route options (heartbeat, listener bound, stream registry)
// can be set here, which the full app's config does not expose. The browser test uses the full app instead.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { createDebugRoutes, type DebugRoutesDeps } from '../../../src/debug/debug-routes.js';
import { TraceStore, type TraceStoreOptions } from '../../../src/debug/trace-store.js';
import type { AppEnv } from '../../../src/web/app-env.js';
import type { ScanRegistry } from '../../../src/core/scan-registry.js';
import type { StrategyPool } from '../../../src/core/strategy-pool.js';
import { createFixtureCore } from '../../support/engine.js';

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
}

function createTestApp(registry: ScanRegistry, traces: TraceStore, routes: DebugServerOptions['routes'] = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    c.set('userId', c.req.header('X-User-Id') ?? 'anonymous');
    await next();
  });
  const access = {
    ownerOf: (id: string) => registry.ownerOf(id),
    canSee: async (id: string, who: { userId: string }) => registry.ownerOf(id) === who.userId,
  };
  app.route('/', createDebugRoutes({ registry: access, traces, ...routes }));
  return app;
}

export async function startDebugServer(options: DebugServerOptions = {}): Promise<DebugServer> {
  const traces = new TraceStore({ cap: 1000, ...options.traces });
  const core = createFixtureCore({}, { inspectorFor: traces.inspectorFor, onDrop: traces.drop });
  const { pool, registry } = core;
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
      await core.close();
    },
  };
}
