// Reusable OpenAPI response entries: every error is application/problem+json with the Problem schema.
import { PROBLEM_CONTENT_TYPE } from '../../web/problem.js';
import { ProblemSchema } from './snapshot-schemas.js';

export const problem = (description: string) =>
  ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } }) as const;

export const json = <S>(schema: S, description: string) =>
  ({ description, content: { 'application/json': { schema } } }) as const;

/** Errors any authenticated route can answer. */
export const authErrors = {
  400: problem('Invalid request (VALIDATION_FAILED, INVALID_USER_ID, …)'),
  401: problem('Missing or invalid bearer token (UNAUTHORIZED); carries WWW-Authenticate: Bearer'),
} as const;

export const bearerSecurity = [{ bearerAuth: [] }];
