// The replaced service's polling API, kept for existing clients: POST /api/v1/opportunities/discover and
// GET /api/v1/opportunities/status/{scan_id}, with its snake_case payload. Backed by the same engine as /v1/scans.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { EngineError } from '../engine/engine-error.js';
import type { RouteDeps } from './app-deps.js';
import type { AppEnv } from '../web/app-env.js';
import { jsonBody } from './json-body.js';
import { refuseEarly } from './refuse-early.js';
import { createRouter } from './router.js';
import { ScanIdParamSchema } from './schemas/request-schemas.js';
import { authErrors, bearerSecurity, json, problem } from './schemas/openapi-responses.js';
import { OpportunitySchema } from './schemas/snapshot-schemas.js';
import { shuttingDown } from '../web/problem.js';
import { LEGACY_SCAN_STATUSES, toLegacyStatus } from './legacy-status.js';

const DiscoverResponseSchema = z
  .object({
    success: z.literal(true),
    scan_id: z.string(),
    status: z.literal('initiated'),
    message: z.string(),
    poll_url: z.string(),
  })
  .openapi('LegacyDiscoverResponse');

const LegacyStatusSchema = z
  .object({
    success: z.literal(true),
    scan_id: z.string(),
    user_id: z.string(),
    status: z.enum(LEGACY_SCAN_STATUSES),
    opportunities: z.array(OpportunitySchema),
    total_opportunities: z.number().int(),
    strategy_performance: z.record(z.string(), z.object({ status: z.string(), duration_ms: z.number().int().nullable(), opportunities: z.number().int() })),
    execution_time_ms: z.number().int(),
    last_updated: z.string(),
    metadata: z.object({
      scan_state: z.string(),
      message: z.string(),
      strategies_completed: z.number().int(),
      total_strategies: z.number().int(),
      remaining_strategies: z.number().int(),
      elapsed_seconds: z.number(),
    }),
  })
  .openapi('LegacyStatusResponse');

const LegacyNotFoundSchema = z
  .object({ success: z.literal(false), status: z.literal('not_found'), message: z.string() })
  .openapi('LegacyNotFound');

export function compatRoutes(deps: RouteDeps): OpenAPIHono<AppEnv> {
  const app = createRouter();

  const discover = createRoute({
    method: 'post',
    path: '/api/v1/opportunities/discover',
    summary: 'Legacy: start a scan (same body as POST /v1/scans, plus force_refresh)',
    description: '`force_refresh: true` behaves like `force: true` (a new scan even if one of yours is running).',
    security: bearerSecurity,
    middleware: [refuseEarly(deps), ...jsonBody(deps.config.http.maxBodyBytes)],
    request: {
      body: {
        content: {
          // A schema of its own (not `extend`): allOf over two closed objects would accept no body at all.
          'application/json': {
            schema: z
              .strictObject({ ...deps.scanRequest.shape, force_refresh: z.boolean().optional() })
              .openapi('LegacyDiscoverRequest'),
          },
        },
      },
    },
    responses: {
      200: json(DiscoverResponseSchema, 'Started (or your running scan)'),
      ...authErrors,
      413: problem('Body too large'),
      415: problem('Not JSON'),
      429: problem('Capacity (SCAN_CAPACITY) or predicted overload (OVERLOADED)'),
      503: problem('Shutting down'),
    },
  });
  app.openapi(discover, async (c) => {
    if (deps.lifecycle.shuttingDown) throw shuttingDown();
    const { force_refresh: forceRefresh, ...body } = c.req.valid('json') ?? {};
    const { snapshot, reused } = await deps.engine.start({ ...body, force: body.force ?? forceRefresh }, { userId: c.get('userId') });
    c.header('Cache-Control', 'no-store');
    return c.json(
      {
        success: true as const,
        scan_id: snapshot.id,
        status: 'initiated' as const,
        message: reused
          ? 'A scan of yours is already running; poll it (send force_refresh: true to start another).'
          : `Scan started with ${snapshot.progress.total} strategies; poll poll_url for results.`,
        poll_url: `/api/v1/opportunities/status/${snapshot.id}`,
      },
      200,
    );
  });

  const status = createRoute({
    method: 'get',
    path: '/api/v1/opportunities/status/{scan_id}',
    summary: "Legacy: a scan's status in the replaced service's shape",
    security: bearerSecurity,
    request: { params: z.object({ scan_id: ScanIdParamSchema.shape.id.openapi({ param: { name: 'scan_id', in: 'path' } }) }) },
    responses: {
      200: json(LegacyStatusSchema, 'The scan'),
      ...authErrors,
      404: json(LegacyNotFoundSchema, 'Unknown, expired or foreign id'),
    },
  });
  app.openapi(status, async (c) => {
    const { scan_id: id } = c.req.valid('param');
    const identity = { userId: c.get('userId') };
    // One read (in distributed mode, one Redis call): its SCAN_NOT_FOUND is the legacy 404.
    const snapshot = await deps.engine.read(id, identity).catch((err: unknown) => {
      if (err instanceof EngineError && err.code === 'SCAN_NOT_FOUND') return undefined;
      throw err;
    });
    c.header('Cache-Control', 'no-store');
    if (!snapshot) return c.json({ success: false as const, status: 'not_found' as const, message: 'Scan not found or expired.' }, 404);
    return c.json(toLegacyStatus(snapshot), 200);
  });
  return app;
}
