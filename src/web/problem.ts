// Errors the HTTP layer raises, each with a stable `code` and status; `problemResponse` renders any of them (and any
// unexpected error) as RFC 9457 application/problem+json. Routes throw; one `app.onError` renders.
import { HTTPException } from 'hono/http-exception';
import { EngineError, type EngineErrorCode } from '../engine/engine-error.js';

export const PROBLEM_TYPE_BASE = 'https://opportunity-scanner.dev/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export type ProblemCode =
  | 'VALIDATION_FAILED'
  | 'INVALID_JSON'
  | 'UNKNOWN_STRATEGY'
  | 'UNKNOWN_SYMBOL'
  | 'INVALID_USER_ID'
  | 'UNAUTHORIZED'
  | 'SCAN_NOT_FOUND'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'REQUEST_TIMEOUT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'SCAN_CAPACITY'
  | 'OVERLOADED'
  | 'STORE_UNAVAILABLE'
  | 'STREAM_CAPACITY'
  | 'SHUTTING_DOWN'
  | 'NOT_READY'
  | 'BAD_REQUEST'
  | 'INTERNAL_ERROR';

const TITLES: Record<ProblemCode, string> = {
  VALIDATION_FAILED: 'Request validation failed',
  INVALID_JSON: 'Request body is not valid JSON',
  UNKNOWN_STRATEGY: 'Unknown strategy',
  UNKNOWN_SYMBOL: 'Unknown symbol',
  INVALID_USER_ID: 'Invalid X-User-Id header',
  UNAUTHORIZED: 'Missing or invalid bearer token',
  SCAN_NOT_FOUND: 'Scan not found',
  NOT_FOUND: 'Not found',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  REQUEST_TIMEOUT: 'Request timeout',
  PAYLOAD_TOO_LARGE: 'Request body too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  SCAN_CAPACITY: 'Scan capacity reached',
  OVERLOADED: 'No strategy could finish in time',
  STORE_UNAVAILABLE: 'Shared scan store unavailable',
  STREAM_CAPACITY: 'Too many event streams',
  SHUTTING_DOWN: 'Service is shutting down',
  NOT_READY: 'Not ready to serve at full speed yet',
  BAD_REQUEST: 'Bad request',
  INTERNAL_ERROR: 'Internal server error',
};

export interface ServiceErrorOptions {
  detail?: string;
  /** Extra problem members (e.g. `errors`, `validStrategies`). */
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** An error with an HTTP meaning. `code` is the stable identifier clients match on; never the message. */
export class ServiceError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(code: ProblemCode, status: number, options: ServiceErrorOptions = {}) {
    // An answer to render, never a fault to trace (an unexpected error keeps its own stack): capturing one is wasted work.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(options.detail ?? TITLES[code]);
    Error.stackTraceLimit = limit;
    this.name = 'ServiceError';
    this.code = code;
    this.status = status;
    this.extra = options.extra ?? {};
    this.headers = options.headers ?? {};
  }
}

export interface ValidationIssue {
  path: string;
  message: string;
}

export const validationFailed = (errors: ValidationIssue[], where = 'request'): ServiceError =>
  new ServiceError('VALIDATION_FAILED', 400, {
    detail: `The ${where} is invalid: ${errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')}`,
    extra: { errors },
  });

export const scanNotFound = (): ServiceError =>
  new ServiceError('SCAN_NOT_FOUND', 404, { detail: 'No scan with this id is visible to you (it may have expired).' });

export const unauthorized = (detail: string): ServiceError =>
  new ServiceError('UNAUTHORIZED', 401, { detail, headers: { 'WWW-Authenticate': 'Bearer realm="opportunity-scanner"' } });

export const shuttingDown = (): ServiceError =>
  new ServiceError('SHUTTING_DOWN', 503, { detail: 'The service is shutting down; retry on another instance.', headers: { 'Retry-After': '5' } });

export const kebab = (code: string): string => code.toLowerCase().replaceAll('_', '-');

/** Hono's own HTTP exceptions (from validators and middleware) mapped by status to our codes. */
function fromHttpException(err: HTTPException): ServiceError {
  const byStatus: Record<number, ProblemCode> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHORIZED',
    404: 'NOT_FOUND',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
  };
  const code = byStatus[err.status] ?? (err.status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
  return new ServiceError(code, err.status, { detail: err.status >= 500 ? undefined : err.message || undefined });
}

/** What each of the engine's refusals means in HTTP. */
const ENGINE_STATUS: Record<EngineErrorCode, number> = {
  UNKNOWN_STRATEGY: 400,
  UNKNOWN_SYMBOL: 400,
  SCAN_NOT_FOUND: 404,
  SCAN_CAPACITY: 429,
  OVERLOADED: 429,
  STORE_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
};

function fromEngineError(err: EngineError): ServiceError {
  const headers: Record<string, string> = err.retryAfterSec === undefined ? {} : { 'Retry-After': String(err.retryAfterSec) };
  return new ServiceError(err.code, ENGINE_STATUS[err.code], { detail: err.message, extra: err.extra, headers });
}

/** The error as a ServiceError; unknown errors become a 500 whose detail reveals nothing internal. */
export function toServiceError(err: unknown): ServiceError {
  if (err instanceof ServiceError) return err;
  if (err instanceof EngineError) return fromEngineError(err);
  if (err instanceof HTTPException) return fromHttpException(err);
  return new ServiceError('INTERNAL_ERROR', 500, { detail: 'An unexpected error occurred.' });
}

/**
 * A bug rather than a refusal the service means to give: only these are logged at error level, with a stack. Every coded
 * refusal — 4xx, and 503 SHUTTING_DOWN during shutdown — is expected, however many there are.
 */
export const isUnexpected = (error: ServiceError): boolean => error.code === 'INTERNAL_ERROR';

/** Each code's `type` URI, built once. */
const TYPES = Object.fromEntries(Object.keys(TITLES).map((code) => [code, `${PROBLEM_TYPE_BASE}${kebab(code)}`])) as Record<ProblemCode, string>;

export function problemBody(error: ServiceError, instance?: string): Record<string, unknown> {
  const body: Record<string, unknown> = { type: TYPES[error.code], title: TITLES[error.code], status: error.status, detail: error.message, code: error.code };
  if (instance) body.instance = instance;
  return Object.assign(body, error.extra);
}

/** The headers of a problem without headers of its own, built once: nothing writes to a Response's init headers. */
const PROBLEM_HEADERS: Readonly<Record<string, string>> = { 'Content-Type': PROBLEM_CONTENT_TYPE, 'Cache-Control': 'no-store' };

export function problemResponse(error: ServiceError, instance?: string): Response {
  const own = Object.keys(error.headers).length > 0;
  return new Response(JSON.stringify(problemBody(error, instance)), {
    status: error.status,
    headers: own ? { ...PROBLEM_HEADERS, ...error.headers } : PROBLEM_HEADERS,
  });
}
