// Every route group is an OpenAPIHono router: requests are validated by the same zod schemas that generate
// /openapi.json, and a failed validation becomes a VALIDATION_FAILED problem instead of raw zod issues.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { z, ZodError } from 'zod';
import type { AppEnv } from '../web/app-env.js';
import { validationFailed, type ValidationIssue } from '../web/problem.js';

const WHERE: Record<string, string> = { json: 'request body', query: 'query string', param: 'path', header: 'headers' };

export function zodIssues(error: ZodError): ValidationIssue[] {
  return error.issues.slice(0, 20).map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationFailed(zodIssues(result.error), WHERE[result.target] ?? result.target);
    },
  });
}

/**
 * A query-string check for a route that validates its query by hand: the same input as the route validators' (one value
 * per name, an array for a repeated name) and the same VALIDATION_FAILED, but synchronous, and no zod at all for a
 * request without a query string (its result for `{}` is computed once).
 */
export function queryValidator<S extends z.ZodType>(schema: S): (c: Context) => z.output<S> {
  const absent = schema.safeParse({});
  return function validQuery(c) {
    if (absent.success && !c.req.url.includes('?')) return absent.data;
    const query = Object.fromEntries(Object.entries(c.req.queries()).map(([name, values]) => [name, values.length === 1 ? values[0] : values]));
    const result = schema.safeParse(query);
    if (!result.success) throw validationFailed(zodIssues(result.error), WHERE.query);
    return result.data;
  };
}
