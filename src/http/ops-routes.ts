// Operations: GET /healthz and GET /metrics (no auth: for load balancers and scrapers).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { RouteDeps } from './app-deps.js';
import type { AppEnv } from '../web/app-env.js';
import { createRouter } from './router.js';
import { json } from './schemas/openapi-responses.js';

const StoreSchema = z
  .object({
    available: z.boolean().openapi({ description: 'Redis answers. While false, POST answers 503 STORE_UNAVAILABLE; scans running here keep running.' }),
    queueDepth: z.number().int().nullable().openapi({ description: 'Scans waiting in the shared queue for an instance (null when unknown).' }),
    oldestQueuedAgeMs: z.number().int().nullable().openapi({ description: 'How long the scan waiting longest has waited (null when none, or unknown).' }),
    pendingMirrors: z.number().int().openapi({ description: 'Scans run here whose newest version waits for Redis to come back.' }),
    durable: z.boolean().nullable().optional().openapi({ description: 'Redis keeps accepted scans (append-only file, maxmemory-policy noeviction). false: a Redis restart or eviction can lose them (a warn line at start says how to fix it); null: Redis would not say.' }),
  })
  .openapi('StoreHealth');

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']).openapi({ description: 'degraded: distributed mode and Redis is unreachable.' }),
    instance: z.string().openapi({ description: 'This instance (SCANNER_INSTANCE_ID).' }),
    store: StoreSchema.nullable().openapi({ description: 'Distributed mode: the shared store; null in the single-process default.' }),
    pool: z.object({ threads: z.number().int(), queued: z.number().int(), running: z.number().int() }),
    scans: z.object({
      running: z.number().int().openapi({ description: 'Scans with at least one strategy started, not yet final.' }),
      queued: z.number().int().openapi({ description: 'Scans registered whose strategies have not started yet.' }),
      retained: z.number().int(),
    }),
  })
  .openapi('Health');

const ShuttingDownSchema = z.object({ status: z.literal('shutting_down') }).openapi('HealthShuttingDown');

export function opsRoutes(deps: RouteDeps): OpenAPIHono<AppEnv> {
  const app = createRouter();
  const { engine } = deps;

  const health = createRoute({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness and load',
    responses: { 200: json(HealthSchema, 'Serving'), 503: json(ShuttingDownSchema, 'Shutting down') },
  });
  app.openapi(health, async (c) => {
    c.header('Cache-Control', 'no-store');
    if (deps.lifecycle.shuttingDown) return c.json({ status: 'shutting_down' as const }, 503);
    const { pool, scans } = engine.stats();
    // Only a shared store is reported: the embedded default's memory has nothing to say (store: null).
    const { shared, ...status } = await engine.storeStatus();
    const store = shared ? status : null;
    const health = store && !store.available ? ('degraded' as const) : ('ok' as const);
    const round = (ms: number | null): number | null => (ms === null ? null : Math.round(ms));
    return c.json(
      {
        status: health,
        instance: engine.instance,
        store: store && { ...store, oldestQueuedAgeMs: round(store.oldestQueuedAgeMs) },
        pool: { threads: pool.threads, queued: pool.queued, running: pool.running },
        scans,
      },
      200,
    );
  });

  // Plain route (documented by hand): the exposition format's content type is not one c.text() can produce.
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (text exposition format)',
    responses: { 200: { description: 'scanner_* metrics plus process/Node defaults', content: { 'text/plain': { schema: z.string() } } } },
  });
  app.get('/metrics', async (c) => {
    const { contentType, body } = await deps.metrics.render();
    return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  });
  return app;
}
