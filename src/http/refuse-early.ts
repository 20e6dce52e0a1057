// Refusals that need no request body: shutdown, and capacity when the caller has no running scan to reuse. Answered
// before the body is read and validated, so that at capacity a refusal costs less than the request it turns away.
import type { MiddlewareHandler } from 'hono';
import type { RouteDeps } from './app-deps.js';
import type { AppEnv } from './app-env.js';
import { shuttingDown } from './problem.js';

export function refuseEarly(deps: Pick<RouteDeps, 'engine' | 'lifecycle'>): MiddlewareHandler<AppEnv> {
  // Not async: a refusal is thrown synchronously, straight into the chain's catch. Thrown from an async function it
  // would reject a promise first and be thrown again where it is awaited, which costs more than the refusal itself.
  return function refuseEarly(c, next) {
    if (deps.lifecycle.shuttingDown) throw shuttingDown();
    deps.engine.assertCapacityFor({ userId: c.get('userId') });
    return next();
  };
}
