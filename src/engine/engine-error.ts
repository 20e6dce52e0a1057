// The engine's refusals, as values with a stable code. Adapters decide what a code means to their callers: the HTTP layer
// maps each to a status and an RFC 9457 problem (src/http/problem.ts), the CLI to a message and an exit code.

export const ENGINE_ERROR_CODES = ['UNKNOWN_STRATEGY', 'UNKNOWN_SYMBOL', 'SCAN_NOT_FOUND', 'SCAN_CAPACITY', 'OVERLOADED', 'STORE_UNAVAILABLE', 'SHUTTING_DOWN'] as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

export interface EngineErrorOptions {
  /** Extra members a caller can act on (e.g. `validStrategies`, `unknownSymbols`, `predictedWaitMs`). */
  extra?: Record<string, unknown>;
  /** Seconds after which trying again is worthwhile (capacity refusals). */
  retryAfterSec?: number;
}

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  readonly extra: Record<string, unknown>;
  readonly retryAfterSec: number | undefined;

  constructor(code: EngineErrorCode, detail: string, options: EngineErrorOptions = {}) {
    const limit = Error.stackTraceLimit;
    // A refusal is an answer, not a fault: nobody reads its stack, and capturing one is a good part of what a refusal
    // costs (a 429 at capacity must stay as cheap as a 404).
    Error.stackTraceLimit = 0;
    super(detail);
    Error.stackTraceLimit = limit;
    this.name = 'EngineError';
    this.code = code;
    this.extra = options.extra ?? {};
    this.retryAfterSec = options.retryAfterSec;
  }
}

/** Distributed mode: Redis cannot be reached, so a scan can be neither registered nor read where every instance sees it. */
export const storeUnavailable = (): EngineError =>
  new EngineError('STORE_UNAVAILABLE', 'The shared scan store (Redis) is unreachable; retry shortly.', { retryAfterSec: 1 });

/** Shutdown has begun: this process starts no new scans (another instance, or this one restarted, will). */
export const shuttingDown = (): EngineError =>
  new EngineError('SHUTTING_DOWN', 'This instance is shutting down and starts no new scans; retry on another instance.', { retryAfterSec: 5 });

export const scanNotFound = (): EngineError => new EngineError('SCAN_NOT_FOUND', 'No scan with this id is visible to you (unknown, expired or not yours).');
