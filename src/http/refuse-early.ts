// Refusals that need no request body: shutdown, and the engine's early refusal (capacity when the caller has no running
// scan to reuse; the shared store unreachable). Answered before the body is read and validated, so that at capacity a
// refusal costs less than the request it turns away.
import type { MiddlewareHandler } from 'hono';
import type { RouteDeps } from './app-deps.js';
import type { AppEnv } from './app-env.js';
import { problemResponse, shuttingDown, toServiceError } from './problem.js';

export function refuseEarly(deps: Pick<RouteDeps, 'engine' | 'lifecycle'>): MiddlewareHandler<AppEnv> {
  // Not async, and a capacity refusal is answered, not thrown: at capacity every POST takes this path, and an exception
  // (with the promise rejections around it) would cost more than the refusal itself. A 4xx is logged by nobody but the
  // request log either way (src/http/create-app.ts).
  return function refuseEarly(c, next) {
    if (deps.lifecycle.shuttingDown) throw shuttingDown();
    const refusal = deps.engine.earlyRefusal({ userId: c.get('userId') });
    if (refusal) return Promise.resolve(problemResponse(toServiceError(refusal)));
    return next();
  };
}
