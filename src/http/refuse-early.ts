// Refusals that need no request body: shutdown, and capacity when the caller has no running scan to reuse. Answered
// before the body is read and validated, so that at capacity a refusal costs less than the request it turns away.
import type { MiddlewareHandler } from 'hono';
import type { RouteDeps } from './app-deps.js';
import type { AppEnv } from './app-env.js';
import { shuttingDown } from './problem.js';

export function refuseEarly(deps: Pick<RouteDeps, 'engine' | 'lifecycle'>): MiddlewareHandler<AppEnv> {
  return async function refuseEarly(c, next) {
    if (deps.lifecycle.shuttingDown) throw shuttingDown();
    deps.engine.assertCapacityFor({ userId: c.get('userId') });
    await next();
  };
}
