// The HTTP application, separate from the process entry so that tests drive it with `app.request()` or on port 0.
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createDebugRoutes } from '../debug/debug-routes.js';
import type { AppDeps, RouteDeps } from './app-deps.js';
import type { AppEnv } from '../web/app-env.js';
import { authMiddleware } from './auth.js';
import { catalogueRoutes } from './catalogue-routes.js';
import { compatRoutes } from './compat-routes.js';
import { HttpLifecycle } from './lifecycle.js';
import { methodNotAllowed } from './method-not-allowed.js';
import { mountOpenApi } from './openapi-route.js';
import { opsRoutes } from './ops-routes.js';
import { ServiceError, isUnexpected, problemResponse, toServiceError } from '../web/problem.js';
import { requestMetrics } from './request-metrics.js';
import { createRouter } from './router.js';
import { scanEventsRoute } from './scan-events-route.js';
import { scanRoutes } from './scan-routes.js';
import { scanRequestSchema } from './schemas/request-schemas.js';

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const routeDeps: RouteDeps = {
    ...deps,
    lifecycle: deps.lifecycle ?? new HttpLifecycle({ maxStreams: deps.config.http.maxSseClients }),
    scanRequest: scanRequestSchema(deps.config.scans),
  };
  const app = createRouter();

  app.use('*', requestMetrics(deps.metrics, deps.logger));
  // Every /v1 route (including the visualizer's trace and inspect) and the compatibility routes know their caller.
  const auth = authMiddleware(deps.config.tokens);
  app.use('/v1/*', auth);
  app.use('/api/*', auth);
  // The pool view names scans: only their owners may see which (the page sends the same identity as for /v1).
  app.use('/debug/pool.json', auth);

  app.route('/', scanRoutes(routeDeps));
  app.route('/', scanEventsRoute(routeDeps));
  app.route('/', catalogueRoutes(routeDeps));
  app.route('/', compatRoutes(routeDeps));
  app.route('/', opsRoutes(routeDeps));
  if (deps.traces) {
    const warm = deps.warm;
    const debug = createDebugRoutes({
      registry: deps.engine,
      traces: deps.traces,
      remoteTraces: deps.remoteTraces,
      heartbeatMs: deps.config.http.ssePingMs,
      streams: routeDeps.lifecycle.streams,
      poolTimeline: deps.engine.poolTimeline,
      costs: warm ? () => warm.costs() : undefined,
    });
    app.route('/', debug);
  }
  mountOpenApi(app, { debugRoutes: deps.traces !== undefined, poolView: true, devMode: deps.config.tokens.size === 0 });

  const wrongMethod = methodNotAllowed(app);
  app.notFound(
    (c) =>
      problemResponse(wrongMethod(c.req.method, c.req.path) ?? new ServiceError('NOT_FOUND', 404, { detail: `No route for ${c.req.method} ${c.req.path}.` })),
  );
  app.onError(function renderError(err, c) {
    const error = toServiceError(err);
    // Refusals are the service working as designed (the request log at debug level has them all); a 5xx refusal is
    // worth a line without a stack. Only a bug is an error, with its stack.
    const request = () => ({ method: c.req.method, path: c.req.path, status: error.status });
    if (isUnexpected(error)) deps.logger.error({ err, ...request() }, 'request failed');
    else if (error.status >= 500) deps.logger.info({ code: error.code, ...request() }, 'request refused');
    return problemResponse(error);
  });
  return app;
}
