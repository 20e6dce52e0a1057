// The error for a known scan without a trace. The contract's codes have no trace-specific one: NOT_FOUND, with a detail,
// tells it apart from SCAN_NOT_FOUND (which a foreign or unknown id gets).
import { ServiceError } from '../web/problem.js';

/** Tracing is off (cap 0) or the trace store's bound evicted the trace; the scan itself is still readable. */
export const traceNotFound = (): ServiceError =>
  new ServiceError('NOT_FOUND', 404, { detail: 'This scan has no trace (tracing is off, or the trace store bound evicted it).' });
