// Who is calling: a bearer token mapped to a user id, or — when no tokens are configured (dev mode) — the X-User-Id
// header (default `anonymous`). Sets `userId` for every route behind it.
import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { USER_ID_PATTERN, USER_ID_RULE } from '../engine/identity.js';
import type { AppEnv } from '../web/app-env.js';
import { ServiceError, unauthorized } from '../web/problem.js';

export const DEV_USER = 'anonymous';
const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

// Lookups go through a SHA-256 digest so that the time a lookup takes says nothing useful about the token's bytes.
const digest = (token: string): string => createHash('sha256').update(token).digest('base64');

/**
 * Auth middleware; `tokens` maps token → user id and an empty map means dev mode. Not async: on every /v1 request, and
 * a refusal thrown synchronously goes straight to the chain's catch instead of through a rejected promise.
 */
export function authMiddleware(tokens: ReadonlyMap<string, string>) {
  const byDigest = new Map([...tokens].map(([token, user]) => [digest(token), user]));

  if (byDigest.size === 0) {
    return createMiddleware<AppEnv>(function devIdentity(c, next) {
      const claimed = c.req.header('X-User-Id');
      if (claimed !== undefined && !USER_ID_PATTERN.test(claimed)) {
        throw new ServiceError('INVALID_USER_ID', 400, { detail: `X-User-Id must be ${USER_ID_RULE}.` });
      }
      c.set('userId', claimed ?? DEV_USER);
      return next();
    });
  }

  return createMiddleware<AppEnv>(function bearerIdentity(c, next) {
    const header = c.req.header('Authorization');
    if (header === undefined) throw unauthorized('Send Authorization: Bearer <token>.');
    const token = BEARER.exec(header)?.[1];
    const user = token === undefined ? undefined : byDigest.get(digest(token));
    if (user === undefined) throw unauthorized('The bearer token is not valid.');
    c.set('userId', user);
    return next();
  });
}
