// An independent check of the service against its own /openapi.json, the way a validating proxy (Prism with --errors)
// would make it: openapi-backend routes each recorded request by the document, evaluates its security requirements and
// validates its parameters and body; then validates the answer's status, headers and body. Exchanges are recorded by the
// contract test (test/http/contract.test.ts) as it runs, so every request it sends is checked.
import { OpenAPIBackend, SetMatchType, type Context, type Document } from 'openapi-backend';
import { DATE_TIME } from './contract.js';

/** One request as sent and the answer as received (body parsed when JSON; undefined for a stream left unread). */
export interface Exchange {
  method: string;
  /** Path and query string. */
  url: string;
  headers: Record<string, string>;
  body: unknown;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: unknown;
}

const lowerCaseKeys = (headers: Iterable<[string, string]>): Record<string, string> => Object.fromEntries([...headers].map(([name, value]) => [name.toLowerCase(), value]));

function parsed(text: string, contentType: string | null): unknown {
  if (!/json/i.test(contentType ?? '')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The exchange of `res` to a request for `url` sent with `init` (reads a clone of the body; event streams stay unread). */
export async function recordExchange(url: string, init: RequestInit, res: Response): Promise<Exchange> {
  const headers = lowerCaseKeys(Object.entries((init.headers as Record<string, string> | undefined) ?? {}));
  const streaming = (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
  const text = streaming || res.status === 304 ? undefined : await res.clone().text();
  return {
    method: init.method ?? 'GET',
    url,
    headers,
    body: typeof init.body === 'string' ? parsed(init.body, headers['content-type'] ?? null) : undefined,
    status: res.status,
    responseHeaders: lowerCaseKeys(res.headers),
    responseBody: text === undefined || text === '' ? undefined : parsed(text, res.headers.get('content-type')),
  };
}

interface Verdict {
  routed: boolean;
  authorized: boolean;
  errors: string[];
  operationId?: string;
}

const describeErrors = (errors: unknown): string[] =>
  (Array.isArray(errors) ? errors : []).map((e: { instancePath?: string; message?: string; params?: unknown }) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params ?? {})}`.trim());

/** The document with an operationId on every operation (openapi-backend keys its validators by it; ours has none). */
function withOperationIds(doc: Document): Document {
  const paths = Object.fromEntries(
    Object.entries(doc.paths ?? {}).map(([path, item]) => [
      path,
      Object.fromEntries(Object.entries(item ?? {}).map(([method, operation]) => [method, { ...(operation as object), operationId: `${method} ${path}` }])),
    ]),
  );
  return { ...doc, paths } as Document;
}

export class OpenApiValidator {
  readonly #api: OpenAPIBackend;

  private constructor(api: OpenAPIBackend) {
    this.#api = api;
  }

  /** A validator for `doc`, a parsed /openapi.json. */
  static async create(doc: unknown): Promise<OpenApiValidator> {
    // quick: openapi-backend checks the document itself only against the OpenAPI 3.0 schema, and ours is 3.1 (the 3.1
    // check is test/http/openapi.test.ts's); its request and response validation reads 3.1 schemas as they are.
    const api = new OpenAPIBackend({ definition: withOperationIds(doc as Document), strict: false, validate: true, quick: true,
      customizeAjv: (ajv) => ajv.addFormat('date-time', DATE_TIME),
    });
    const header = (c: Context, name: string): string | undefined => {
      const value = c.request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    // What each scheme of the document asks a request to carry; whether its value is right is the server's business.
    api.registerSecurityHandler('bearerAuth', (c) => /^Bearer\s+\S+/i.test(header(c, 'authorization') ?? ''));
    api.registerSecurityHandler('devUser', (c) => header(c, 'x-user-id') !== undefined);
    const verdict = (c: Context, authorized: boolean, errors: unknown): Verdict => ({ routed: true, authorized, errors: describeErrors(errors), operationId: c.operation.operationId });
    api.register({
      notFound: (): Verdict => ({ routed: false, authorized: false, errors: ['no operation in the document'] }),
      methodNotAllowed: (): Verdict => ({ routed: false, authorized: false, errors: ['method not in the document'] }),
      unauthorizedHandler: (c) => verdict(c, false, []),
      validationFail: (c) => verdict(c, true, c.validation.errors),
      notImplemented: (c) => verdict(c, true, []),
    });
    await api.init();
    return new OpenApiValidator(api);
  }

  /** What a validating proxy would object to in `exchange`; empty when it would pass the request and the answer. */
  async violations(exchange: Exchange): Promise<string[]> {
    const label = `${exchange.method} ${exchange.url} → ${exchange.status}`;
    const request = { method: exchange.method, path: exchange.url, headers: exchange.headers, body: exchange.body };
    const verdict = (await this.#api.handleRequest(request)) as Verdict;
    // A route or method the document does not have must be one the server refuses too (404, 405).
    if (!verdict.routed) return exchange.status === 404 || exchange.status === 405 ? [] : [`${label}: ${verdict.errors.join('; ')}`];
    const found: string[] = [];
    // A request the server accepted must be one the document allows (credentials included); one it refused for its
    // credentials or its shape must be refused by the document too.
    if (exchange.status < 400) {
      if (!verdict.authorized) found.push(`${label}: the document requires credentials this accepted request did not send`);
      for (const error of verdict.errors) found.push(`${label}: accepted request invalid by the document: ${error}`);
    }
    if (exchange.status === 401 && verdict.authorized) found.push(`${label}: refused for credentials the document does not require`);
    const operation = verdict.operationId as string;
    if (exchange.responseBody !== undefined) {
      const body = this.#api.validateResponse(exchange.responseBody, operation, exchange.status);
      for (const error of describeErrors(body.errors)) found.push(`${label}: response body: ${error}`);
    }
    const headers = this.#api.validateResponseHeaders(exchange.responseHeaders, operation, { statusCode: exchange.status, setMatchType: SetMatchType.Any });
    for (const error of describeErrors(headers.errors)) found.push(`${label}: response headers: ${error}`);
    return found;
  }
}
