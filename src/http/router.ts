// Every route group is an OpenAPIHono router: requests are validated by the same zod schemas that generate
// /openapi.json, and a failed validation becomes a VALIDATION_FAILED problem instead of raw zod issues.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import type { AppEnv } from './app-env.js';
import { validationFailed, type ValidationIssue } from './problem.js';

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
