// Checks real HTTP responses against the app's own /openapi.json: the status is documented for the route, the
// Content-Type is one the route documents for that status, and the body validates against the documented schema
// (OpenAPI 3.1 schemas are JSON Schema 2020-12, `#/components/schemas/…` refs included). Problem bodies must also
// be consistent in themselves (`status` = the HTTP status, `type` = the contract's URI for `code`).
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

/** The parts of an OpenAPI 3.1 document the contract check reads. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
  components: { schemas?: Record<string, unknown> };
}

interface ResponseObject {
  description: string;
  content?: Record<string, { schema?: unknown }>;
}

/** `get /v1/scans/{id}`: lower-case method, OpenAPI path syntax. */
export type RouteKey = string;

/** A media type as documented: no parameters, lower case. */
export const mediaTypeOf = (contentType: string | null): string | undefined => contentType?.split(';')[0]?.trim().toLowerCase() || undefined;

/** The contract's problem type URIs (shared/api-contract.md): the code in kebab case under this base. */
export const PROBLEM_TYPE_BASE = 'https://opportunity-scanner.dev/problems/';
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

export interface CheckResult {
  /** Everything that differs from the documentation; empty when the response conforms. */
  violations: string[];
  /** The parsed JSON body, the text of any other body, or undefined (no body, or an event stream left unread). */
  body: unknown;
  mediaType: string | undefined;
}

/** ISO-8601 date-time as JSON Schema's `date-time` (RFC 3339): what `toISOString()` produces, offsets allowed. */
export const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

const COMPONENTS_ID = 'https://contract.test/components';

/** `#/components/schemas/X` → a ref into the one registered components schema, everywhere in `value`. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) =>
      key === '$ref' && typeof inner === 'string' && inner.startsWith('#/components/schemas/')
        ? [key, `${COMPONENTS_ID}#/$defs/${inner.slice('#/components/schemas/'.length)}`]
        : [key, rewriteRefs(inner)],
    ),
  );
}

function formatErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => {
      const where = e.instancePath || '(body)';
      const detail = e.keyword === 'additionalProperties' || e.keyword === 'enum' || e.keyword === 'const' ? ` ${JSON.stringify(e.params)}` : '';
      return `${where} ${e.message ?? e.keyword}${detail}`;
    })
    .join('; ');
}

const kebab = (code: string): string => code.toLowerCase().replaceAll('_', '-');

/** The response documentation of one OpenAPI document, compiled once. */
export class Contract {
  readonly doc: OpenApiDocument;
  readonly #ajv: Ajv2020;
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(doc: OpenApiDocument) {
    this.doc = doc;
    // Strict: a schema keyword ajv does not know is an error in the document, not something to skip silently.
    this.#ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: true, allowUnionTypes: true });
    // OpenAPI's own annotation keywords (not JSON Schema's).
    this.#ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
    this.#ajv.addFormat('date-time', DATE_TIME);
    this.#ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(doc.components.schemas ?? {}) as Record<string, unknown> });
    // Compile every documented response now: a schema ajv cannot compile fails here, before any request.
    for (const route of this.routes()) {
      for (const status of this.statuses(route)) {
        for (const [mediaType, { schema }] of Object.entries(this.#response(route, status)?.content ?? {})) {
          if (schema !== undefined) this.#validators.set(`${route} ${status} ${mediaType}`, this.#ajv.compile(rewriteRefs(schema) as object));
        }
      }
    }
  }

  /** Every documented route, as `method path`. */
  routes(): RouteKey[] {
    return Object.entries(this.doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
  }

  /** The documented statuses of `route`. */
  statuses(route: RouteKey): number[] {
    return Object.keys(this.#operation(route)?.responses ?? {}).map(Number);
  }

  /** The documented media types of `route` answering `status` (none: the response has no body). */
  mediaTypes(route: RouteKey, status: number): string[] {
    return Object.keys(this.#response(route, status)?.content ?? {});
  }

  /** Checks `res` as the answer of `route`; consumes the body (an event stream is cancelled unread). */
  async check(route: RouteKey, res: Response): Promise<CheckResult> {
    const label = `${route.toUpperCase().split(' ')[0]} ${route.split(' ')[1]} → ${res.status}`;
    const mediaType = mediaTypeOf(res.headers.get('content-type'));
    const violations: string[] = [];
    if (!this.#operation(route)) {
      await res.body?.cancel();
      return { violations: [`${route}: not in /openapi.json`], body: undefined, mediaType };
    }
    const documented = this.#response(route, res.status);
    if (!documented) {
      violations.push(`${label}: status not documented (documented: ${this.statuses(route).join(', ')})`);
    }
    if (mediaType === 'text/event-stream') {
      await res.body?.cancel();
      if (documented && !this.mediaTypes(route, res.status).includes(mediaType)) {
        violations.push(`${label}: Content-Type ${mediaType} not documented (documented: ${this.mediaTypes(route, res.status).join(', ') || 'no content'})`);
      }
      return { violations, body: undefined, mediaType };
    }
    const text = await res.text();
    if (!documented) return { violations, body: text, mediaType };

    const mediaTypes = this.mediaTypes(route, res.status);
    if (mediaTypes.length === 0) {
      if (text.length > 0) violations.push(`${label}: documents no content, but the response has a ${mediaType ?? 'untyped'} body`);
      return { violations, body: text || undefined, mediaType };
    }
    if (mediaType === undefined || !mediaTypes.includes(mediaType)) {
      violations.push(`${label}: Content-Type ${mediaType ?? '(none)'} not documented (documented: ${mediaTypes.join(', ')})`);
      return { violations, body: text, mediaType };
    }
    let body: unknown = text;
    if (mediaType.endsWith('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        violations.push(`${label}: ${mediaType} body is not JSON: ${text.slice(0, 80)}`);
        return { violations, body: text, mediaType };
      }
    }
    const validate = this.#validators.get(`${route} ${res.status} ${mediaType}`);
    if (validate && !validate(body)) violations.push(`${label}: body does not match the documented schema: ${formatErrors(validate.errors)}`);
    if (mediaType === PROBLEM_MEDIA_TYPE) violations.push(...this.#problemConsistency(label, res.status, body));
    return { violations, body, mediaType };
  }

  /** Checks a problem+json answer of no documented route (404 NOT_FOUND) against the Problem component. */
  async checkProblem(res: Response): Promise<CheckResult> {
    const label = `→ ${res.status}`;
    const mediaType = mediaTypeOf(res.headers.get('content-type'));
    const text = await res.text();
    if (mediaType !== PROBLEM_MEDIA_TYPE) return { violations: [`${label}: Content-Type ${mediaType ?? '(none)'}, not ${PROBLEM_MEDIA_TYPE}`], body: text, mediaType };
    const body: unknown = JSON.parse(text);
    const validate = this.#ajv.getSchema(`${COMPONENTS_ID}#/$defs/Problem`);
    const violations: string[] = [];
    if (!validate) violations.push('no Problem schema in components.schemas');
    else if (!validate(body)) violations.push(`${label}: body does not match the Problem schema: ${formatErrors(validate.errors)}`);
    violations.push(...this.#problemConsistency(label, res.status, body));
    return { violations, body, mediaType };
  }

  #problemConsistency(label: string, status: number, body: unknown): string[] {
    if (typeof body !== 'object' || body === null) return [];
    const problem = body as { status?: unknown; type?: unknown; code?: unknown };
    const found: string[] = [];
    if (problem.status !== status) found.push(`${label}: problem status ${String(problem.status)} differs from the HTTP status`);
    if (typeof problem.code === 'string' && problem.type !== `${PROBLEM_TYPE_BASE}${kebab(problem.code)}`) {
      found.push(`${label}: problem type ${String(problem.type)} is not ${PROBLEM_TYPE_BASE}${kebab(problem.code)}`);
    }
    return found;
  }

  #operation(route: RouteKey): { responses: Record<string, ResponseObject> } | undefined {
    const [method = '', path = ''] = route.split(' ');
    return this.doc.paths[path]?.[method];
  }

  #response(route: RouteKey, status: number): ResponseObject | undefined {
    return this.#operation(route)?.responses[String(status)];
  }
}

/** Fetches /openapi.json from `baseUrl` and compiles it. */
export async function loadContract(baseUrl: string): Promise<Contract> {
  const res = await fetch(`${baseUrl}/openapi.json`);
  if (res.status !== 200) throw new Error(`/openapi.json answered ${res.status}`);
  return new Contract((await res.json()) as OpenApiDocument);
}
