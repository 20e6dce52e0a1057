// Operations: GET /healthz (liveness), GET /readyz (readiness) and GET /metrics (no auth: for load balancers, orchestrators
// and scrapers).
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { COST_SOURCES } from '../scheduling/cost-model.js';
import { CostCountsSchema, CostsSchema } from './schemas/cost-origins-schema.js';
import { READINESS_CONDITIONS } from '../scheduling/readiness.js';
import type { RouteDeps } from './app-deps.js';
import type { AppEnv } from '../web/app-env.js';
import { createRouter } from './router.js';
import { ServiceError, shuttingDown } from '../web/problem.js';
import { json, problem } from './schemas/openapi-responses.js';

const StoreSchema = z
  .object({
    available: z.boolean().openapi({ description: 'Redis answers. While false, POST answers 503 STORE_UNAVAILABLE; scans running here keep running.' }),
    queueDepth: z.number().int().nullable().openapi({ description: 'Scans waiting in the shared queue for an instance (null when unknown).' }),
    oldestQueuedAgeMs: z.number().int().nullable().openapi({ description: 'How long the scan waiting longest has waited (null when none, or unknown).' }),
    pendingMirrors: z.number().int().openapi({ description: 'Scans run here whose newest version waits for Redis to come back.' }),
    durable: z.boolean().nullable().optional().openapi({ description: 'Redis keeps accepted scans (append-only file, maxmemory-policy noeviction). false: a Redis restart or eviction can lose them (a warn line at start says how to fix it); null: Redis would not say.' }),
  })
  .openapi('StoreHealth');

const ReadySchema = z
  .object({
    status: z.literal('ready'),
    secondsToReady: z.number().nullable().openapi({ description: 'Seconds from process start to ready.' }),
    costs: CostCountsSchema,
  })
  .openapi('Ready');

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
    ready: z.boolean().openapi({ description: 'What GET /readyz says (liveness does not depend on it).' }),
    costs: CostsSchema.nullable().openapi({ description: 'Where each strategy cost comes from; null when not tracked.' }),
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
        ready: deps.warm?.readiness.ready ?? true,
        costs: deps.warm?.costs() ?? null,
      },
      200,
    );
  });

  const ready = createRoute({
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: serving at full speed (workers loaded, JIT warm, costs known)',
    responses: {
      200: json(ReadySchema, 'Ready'),
      503: problem(`Not ready (NOT_READY, with \`waitingFor\`: some of ${READINESS_CONDITIONS.join(', ')}), or shutting down (SHUTTING_DOWN)`),
    },
  });
  app.openapi(ready, (c) => {
    c.header('Cache-Control', 'no-store');
    // Shutdown first: an orchestrator stops sending before the server stops taking.
    if (deps.lifecycle.shuttingDown) throw shuttingDown();
    const readiness = deps.warm?.readiness;
    const counts = deps.warm?.costs().counts ?? (Object.fromEntries(COST_SOURCES.map((s) => [s, 0])) as Record<(typeof COST_SOURCES)[number], number>);
    if (readiness && !readiness.ready) {
      const waitingFor = readiness.waitingFor();
      throw new ServiceError('NOT_READY', 503, { detail: `Waiting for: ${waitingFor.join(', ')}.`, extra: { waitingFor, costs: counts }, headers: { 'Retry-After': '1' } });
    }
    return c.json({ status: 'ready' as const, secondsToReady: readiness?.secondsToReady ?? null, costs: counts }, 200);
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
