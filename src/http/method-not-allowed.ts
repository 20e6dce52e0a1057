// A known path asked with a method it does not serve is 405 with `Allow` (RFC 9110 §15.5.6), not 404: the path exists.
// Hono answers both with its not-found handler, so the handler asks the app's own route table which methods the path has.
import type { Hono } from 'hono';
import { ServiceError } from '../web/problem.js';

interface Route {
  pattern: RegExp;
  method: string;
}

/** A hono route path (`/v1/scans/:id`, `/debug/*`) as a pattern over request paths. */
function toPattern(path: string): RegExp {
  const escaped = path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}/?$`);
}

/**
 * `(method, path)` → a 405 METHOD_NOT_ALLOWED for a path the app serves with other methods, or undefined (a 404).
 * The table is read on first use, once every route is mounted; middleware (method `ALL`) does not make a path known.
 */
export function methodNotAllowed(app: Pick<Hono, 'routes'>): (method: string, path: string) => ServiceError | undefined {
  let routes: Route[] | undefined;
  return function methodNotAllowedFor(method, path) {
    routes ??= app.routes.filter((route) => route.method !== 'ALL').map((route) => ({ pattern: toPattern(route.path), method: route.method.toUpperCase() }));
    const allowed = new Set(routes.filter((route) => route.pattern.test(path)).map((route) => route.method));
    if (allowed.size === 0 || allowed.has(method.toUpperCase())) return undefined;
    // Hono serves HEAD for every GET route.
    if (allowed.has('GET')) allowed.add('HEAD');
    const allow = [...allowed].sort().join(', ');
    return new ServiceError('METHOD_NOT_ALLOWED', 405, { detail: `${method} is not served for ${path}; allowed: ${allow}.`, headers: { Allow: allow } });
  };
}
