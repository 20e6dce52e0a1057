// Guards for routes that take a JSON body: size (413), media type and content coding (415) and syntax (400), each as
// problem+json. Needed because hono's JSON validator silently validates `{}` when the body is not declared as JSON, which an
// all-optional schema accepts (see shared notes), and answers malformed JSON with a bare HTTPException.
//
// An over-limit body is read to its end (and discarded) before the 413 is sent, up to MAX_DRAIN_BYTES and MAX_DRAIN_MS;
// past either bound the 413 says `Connection: close`. Answering without reading broke the connection: hono's bodyLimit
// touches `c.req.raw.body`, which on @hono/node-server starts a web stream over the request that pauses it whenever its
// queue is full; the adapter's after-response drain cannot resume it and closes the socket 500 ms later, while Node's
// fetch is still sending or already reusing the kept-alive connection ("other side closed" instead of the 413).
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../web/app-env.js';
import { ServiceError } from '../web/problem.js';

/** Bodies over the limit are read and discarded up to this size so that the client reads the 413 on a reusable connection. */
export const MAX_DRAIN_BYTES = 8 * 1024 * 1024;
/** …and for at most this long (a slow sender gets `Connection: close` instead). */
export const MAX_DRAIN_MS = 5_000;

/**
 * The one media type a body may have: `application/json`, in UTF-8 (RFC 8259 §8.1), so `charset` may be absent or
 * `utf-8`. Structured-syntax relatives (`application/json-patch+json`, `application/merge-patch+json`) mean something
 * else than "these fields" and get 415 like any other type, and so does a body declared in another charset.
 */
export function isJsonMediaType(contentType: string): boolean {
  const [type = '', ...parameters] = contentType.split(';');
  if (type.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name = '', value = ''] = parameter.split('=');
    return name.trim().toLowerCase() !== 'charset' || /^"?utf-8"?$/i.test(value.trim());
  });
}

/** No Content-Encoding, or `identity`: the only coding the service reads (a gzip body would otherwise be parsed as text). */
const isIdentityEncoding = (encoding: string | undefined): boolean => encoding === undefined || /^\s*(identity)?\s*$/i.test(encoding);

const unsupportedMediaType = (): ServiceError =>
  new ServiceError('UNSUPPORTED_MEDIA_TYPE', 415, { detail: 'Send the body as application/json (UTF-8: no charset, or charset=utf-8).' });

const unsupportedEncoding = (encoding: string): ServiceError =>
  new ServiceError('UNSUPPORTED_MEDIA_TYPE', 415, {
    detail: `Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not supported; send the body uncompressed.`,
    // RFC 7694 §3: a 415 caused by the content coding lists the codings that are accepted.
    headers: { 'Accept-Encoding': 'identity' },
  });

/** `drained`: the whole body was read, so the connection can serve the next request. */
const payloadTooLarge = (maxBytes: number, drained: boolean): ServiceError =>
  new ServiceError('PAYLOAD_TOO_LARGE', 413, {
    detail: `The request body exceeds ${maxBytes} bytes.`,
    headers: drained ? {} : { Connection: 'close' },
  });

/**
 * The body stream failed: the client went away mid-body, or Node's request timeout cut it off (and already answered 408,
 * src/http/http-server.ts). Nobody reads this answer; it keeps a refusal of the client's making out of the error log.
 */
function incompleteBody(): never {
  throw new ServiceError('REQUEST_TIMEOUT', 408, { detail: 'The request body was not received in full.' });
}

/** Content-Length when it alone frames the body (a Transfer-Encoding overrides it, RFC 9112 §6.3). */
function declaredLength(c: Context<AppEnv>): number | undefined {
  const length = c.req.header('Content-Length');
  if (length === undefined || c.req.header('Transfer-Encoding') !== undefined) return undefined;
  return /^\d{1,16}$/.test(length.trim()) ? Number(length) : undefined;
}

/** Reads and discards the rest of `reader`; true when it ended within the drain bounds (`read` bytes already seen). */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, read: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, MAX_DRAIN_MS, 'timeout')));
  try {
    for (let total = read; total <= MAX_DRAIN_BYTES; ) {
      const chunk = await Promise.race([reader.read(), timedOut]);
      if (chunk === 'timeout') return false;
      if (chunk.done) return true;
      total += chunk.value.byteLength;
    }
    return false;
  } catch {
    // The client went away mid-body: nobody reads the answer, the connection is gone anyway.
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The whole body; or, when it exceeds `maxBytes`, whether the rest of it could be drained. */
async function readBody(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array | { drained: boolean }> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read().catch(incompleteBody);
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) return { drained: await drain(reader, size) };
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Middleware chain for a route with an optional JSON body of at most `maxBytes`. */
export function jsonBody(maxBytes: number): MiddlewareHandler<AppEnv>[] {
  const readJsonBody: MiddlewareHandler<AppEnv> = async function readJsonBody(c, next) {
    const contentType = c.req.header('Content-Type');
    const contentEncoding = c.req.header('Content-Encoding');
    if (!isIdentityEncoding(contentEncoding)) throw unsupportedEncoding(contentEncoding ?? '');
    if (contentType !== undefined && !isJsonMediaType(contentType)) throw unsupportedMediaType();
    const declared = declaredLength(c);
    // Declared too large and too large to drain: answer at once, without touching the body stream.
    if (declared !== undefined && declared > MAX_DRAIN_BYTES) throw payloadTooLarge(maxBytes, false);
    const body = await readBody(c.req.raw.body, maxBytes);
    if (!(body instanceof Uint8Array)) throw payloadTooLarge(maxBytes, body.drained);
    // The stream is consumed: hand the validator the same bytes (it reads the body even when there is none to parse).
    if (c.req.raw.body !== null) c.req.raw = new Request(c.req.raw, { body });
    if (contentType === undefined) {
      // No body at all is fine (every field is optional); a body without a media type is not.
      if (body.byteLength > 0) throw unsupportedMediaType();
      return next();
    }
    const text = new TextDecoder().decode(body);
    try {
      JSON.parse(text);
    } catch {
      throw new ServiceError('INVALID_JSON', 400, {
        detail: text.trim() === '' ? 'The body is empty; send {} or omit Content-Type.' : 'The body is not valid JSON.',
      });
    }
    return next();
  };
  return [readJsonBody];
}
