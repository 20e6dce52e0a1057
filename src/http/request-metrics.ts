// Times every request into scanner_http_request_duration_seconds, labelled with the route pattern (never the raw path:
// ids must not become label values), and logs it at debug level.
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { Logger } from '../observability/logger.js';
import type { ScannerMetrics } from '../observability/metrics.js';
import type { AppEnv } from './app-env.js';

export function requestMetrics(metrics: ScannerMetrics, logger: Logger) {
  return createMiddleware<AppEnv>(async function timeRequest(c, next) {
    const started = performance.now();
    await next();
    const seconds = (performance.now() - started) / 1000;
    const matched = routePath(c);
    const route = matched === '*' || matched === '/*' || matched === '' ? 'unmatched' : matched;
    const status = c.res.status;
    metrics.httpDuration.observe({ method: c.req.method, route, status: String(status) }, seconds);
    logger.debug({ method: c.req.method, route, status, ms: Math.round(seconds * 1e4) / 10 }, 'request');
  });
}
