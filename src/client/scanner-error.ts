// Every refusal the service answers is RFC 9457 problem+json with a stable `code`; the client turns each into one
// error type so that callers branch on `code` (never on message text) and, for 429/503, know how long to wait.

/** A problem+json body as the service sends it (extra members such as `validStrategies` are kept). */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  [member: string]: unknown;
}

/** The service refused a request: its HTTP status, the problem's code and detail, and the wait it asked for. */
export class ScannerError extends Error {
  override readonly name = 'ScannerError';
  /** The HTTP status (401, 404, 429, …). */
  readonly status: number;
  /** The problem's `code` (`SCAN_NOT_FOUND`, `SCAN_CAPACITY`, …); `HTTP_<status>` when the body was not a problem. */
  readonly code: string;
  readonly detail: string;
  /** Retry-After in milliseconds (429 and 503 carry it); undefined when the service named no wait. */
  readonly retryAfterMs: number | undefined;
  /** The whole problem body, for members beyond the standard ones. */
  readonly problem: ProblemDetails;

  constructor(status: number, problem: ProblemDetails, retryAfterMs: number | undefined) {
    const code = typeof problem.code === 'string' ? problem.code : `HTTP_${status}`;
    const detail = typeof problem.detail === 'string' ? problem.detail : (problem.title ?? `HTTP ${status}`);
    super(`${status} ${code}: ${detail}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.retryAfterMs = retryAfterMs;
    this.problem = problem;
  }
}

/** True for a refusal worth repeating after `retryAfterMs`: the service is busy or briefly unavailable, not saying no. */
export const isRetryable = (error: unknown): error is ScannerError & { retryAfterMs: number } =>
  error instanceof ScannerError && (error.status === 429 || error.status === 503) && error.retryAfterMs !== undefined;
