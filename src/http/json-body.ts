// Guards for routes that take a JSON body: size (413), media type (415) and syntax (400), each as problem+json.
// Needed because hono's JSON validator silently validates `{}` when the body is not declared as JSON, which an
// all-optional schema accepts (see shared notes), and answers malformed JSON with a bare HTTPException.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './app-env.js';
import { ServiceError } from './problem.js';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

export const isJsonMediaType = (contentType: string): boolean => JSON_MEDIA_TYPE.test(contentType.split(';')[0]?.trim() ?? '');

/** Middleware chain for a route with an optional JSON body of at most `maxBytes`. */
export function jsonBody(maxBytes: number): MiddlewareHandler<AppEnv>[] {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ServiceError('PAYLOAD_TOO_LARGE', 413, { detail: `The request body exceeds ${maxBytes} bytes.` });
    },
  });
  const checkJson: MiddlewareHandler<AppEnv> = async function checkJson(c, next) {
    const contentType = c.req.header('Content-Type');
    if (contentType !== undefined && !isJsonMediaType(contentType)) {
      throw new ServiceError('UNSUPPORTED_MEDIA_TYPE', 415, { detail: 'Send the body as application/json.' });
    }
    const text = c.req.raw.body === null ? '' : await c.req.text();
    if (contentType === undefined) {
      // No body at all is fine (every field is optional); a body without a media type is not.
      if (text.length > 0) throw new ServiceError('UNSUPPORTED_MEDIA_TYPE', 415, { detail: 'Send the body as application/json.' });
      return next();
    }
    try {
      JSON.parse(text);
    } catch {
      throw new ServiceError('INVALID_JSON', 400, {
        detail: text.trim() === '' ? 'The body is empty; send {} or omit Content-Type.' : 'The body is not valid JSON.',
      });
    }
    return next();
  };
  return [limit, checkJson];
}
