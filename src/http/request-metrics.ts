// Times every request into scanner_http_request_duration_seconds, labelled with the route pattern (never the raw path:
// ids must not become label values), and logs it at debug level.
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import { METHOD_NAME_ALL } from 'hono/router';
import type { Logger } from '../observability/logger.js';
import type { ScannerMetrics } from '../observability/metrics.js';
import type { AppEnv } from '../web/app-env.js';

/**
 * The route the request matched: the last matched route registered for a method (routes come after the `app.use`
 * middleware, registered for every method). Not `routePath(c)`: that is the route whose handler ran last, so a refusal
 * thrown by a middleware (auth on `/v1/*`) was labelled with the middleware's pattern, and a path no route matches
 * was labelled `/v1/*` instead of `unmatched`.
 */
export function routeLabel(c: Context): string {
  const route = matchedRoutes(c).findLast((r) => r.method !== METHOD_NAME_ALL);
  return route?.path ?? 'unmatched';
}

export function requestMetrics(metrics: ScannerMetrics, logger: Logger) {
  return createMiddleware<AppEnv>(async function timeRequest(c, next) {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = routeLabel(c);
    const status = c.res.status;
    metrics.httpDuration.observe({ method: c.req.method, route, status: String(status) }, seconds);
    // The log object is built only when it is written: most processes log at info.
    if (logger.isLevelEnabled('debug')) logger.debug({ method: c.req.method, route, status, ms: Math.round(seconds * 1e4) / 10 }, 'request');
  });
}
