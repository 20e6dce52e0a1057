// A Redis call on a request's path: it answers, or fails fast with STORE_UNAVAILABLE while Redis is unreachable or slow —
// never a hang. Only unreachability is STORE_UNAVAILABLE (503, "retry shortly"): any other failure (a reply error from a
// script, a snapshot that does not parse, a bug) is reported to `onError` and rethrown as it is, so the caller answers
// 500 and the fault is seen, instead of passing for an outage.
import { EngineError, storeUnavailable } from '../engine/engine-error.js';

/** A Redis call in a request path gives up after this long. */
export const STORE_TIMEOUT_MS = 1_000;

/** Socket errors that mean the connection is gone, not that a command was wrong. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** ioredis's own words for a command it could not send (src: ioredis/built/Redis.js, utils CONNECTION_CLOSED_ERROR_MSG). */
const UNSENT = ["Stream isn't writeable", 'Connection is closed', 'connect ETIMEDOUT', 'Socket timeout'];
/** Replies from a Redis that is up but cannot serve yet (loading its data, busy with a script, a replica cut off). */
const NOT_SERVING = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)\b/;

/** Whether `err` says Redis could not be reached (as opposed to a wrong command, bad data or a bug). */
export function isUnreachable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  // MaxRetriesPerRequestError (and redis-errors' AbortError family): the command was never answered.
  if (err.name === 'MaxRetriesPerRequestError' || err.name === 'AbortError' || err.name === 'InterruptError') return true;
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (err.name === 'ReplyError') return NOT_SERVING.test(err.message);
  return UNSENT.some((words) => err.message.includes(words));
}

export type StoreCall = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * Wraps Redis calls made on a request's path. `available` is the connection's state now: while it is down, calls fail at
 * once without being tried.
 */
export function storeCall(available: () => boolean, onError: (err: unknown) => void, timeoutMs = STORE_TIMEOUT_MS): StoreCall {
  return async function stored<T>(work: () => Promise<T>): Promise<T> {
    if (!available()) throw storeUnavailable();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(storeUnavailable()), timeoutMs)));
    try {
      return await Promise.race([work(), timeout]);
    } catch (err) {
      if (err instanceof EngineError) throw err;
      // Lost mid-call: the connection dropped while the command was in flight.
      if (isUnreachable(err) || !available()) throw storeUnavailable();
      onError(err);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  };
}
