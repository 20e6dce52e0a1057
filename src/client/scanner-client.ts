// The typed client of the scanner's HTTP API, for Node 20+ and browsers: fetch only, nothing from node:*. Requests and
// answers are typed by src/client/openapi-types.ts, generated from the service's own /openapi.json (openapi-typescript),
// and sent through openapi-fetch, so a route or field renamed in the document breaks this file at compile time.
import createClient from 'openapi-fetch';
import type { components, paths } from './openapi-types.js';
import { retryAfterMs, sleep } from './retry-after.js';
import { isRetryable, ScannerError, type ProblemDetails } from './scanner-error.js';
import { sseMessages } from './sse-events.js';

export type ScanSnapshot = components['schemas']['ScanSnapshot'];
export type ScanRequest = components['schemas']['ScanRequest'];
export type ScanSummary = components['schemas']['ScanSummary'];
export type StrategyInfo = components['schemas']['StrategyInfo'];

export interface ScannerClientOptions {
  /** Where the service listens, e.g. `http://127.0.0.1:3000` (a path prefix is kept). */
  baseUrl: string;
  /** A token from the service's SCANNER_TOKENS, sent as `Authorization: Bearer`. */
  token?: string;
  /** Dev mode only (no tokens configured): who you are, sent as `X-User-Id`. */
  userId?: string;
  /** The fetch to use (a test double, a proxy-aware fetch); default the global one. */
  fetch?: typeof fetch;
}

export interface WaitOptions {
  signal?: AbortSignal;
  /** Give up after this long: the promise rejects with a `TimeoutError` DOMException. */
  timeoutMs?: number;
}

export interface FollowOptions {
  signal?: AbortSignal;
  /** `auto` (default): Server-Sent Events, long-poll where streams are not possible; `poll`: long-poll only. */
  transport?: 'auto' | 'poll';
}

export interface StartedScan {
  /** The scan's snapshot: `initiated` for a new scan; your running scan when it was reused. */
  snapshot: ScanSnapshot;
  /** True when the service answered with your scan that is still running (`Scan-Reused: true`) instead of a new one. */
  reused: boolean;
}

export interface ScannerClient {
  /** POST /v1/scans. Rejects with a ScannerError (400, 401, 413, 415, 429 with `retryAfterMs`, 503). */
  start(request?: ScanRequest, options?: { signal?: AbortSignal }): Promise<StartedScan>;
  /** GET /v1/scans/{id}: the current snapshot. */
  get(id: string, options?: { signal?: AbortSignal }): Promise<ScanSnapshot>;
  /** GET /v1/scans: your scans, newest first. */
  list(options?: { limit?: number; signal?: AbortSignal }): Promise<ScanSummary[]>;
  /** DELETE /v1/scans/{id}: the scan as cancelled (or unchanged, when it was already final). */
  cancel(id: string, options?: { signal?: AbortSignal }): Promise<ScanSnapshot>;
  /** Long-polls until the scan is final; 429/503 answers are retried after their Retry-After. */
  waitForFinal(id: string, options?: WaitOptions): Promise<ScanSnapshot>;
  /** Every new snapshot of the scan, ending with the final one (Server-Sent Events, or long-poll). */
  follow(id: string, options?: FollowOptions): AsyncGenerator<ScanSnapshot, void, undefined>;
  /** GET /v1/strategies: the catalogue. */
  strategies(options?: { signal?: AbortSignal }): Promise<StrategyInfo[]>;
  /** GET /v1/scans/{id}/trace: the scan's recorded inspection events, oldest first (what /debug replays). */
  trace(id: string, options?: { signal?: AbortSignal }): Promise<Record<string, unknown>[]>;
}

/** How long one long-poll waits at the service (its bound is 30 s). */
export const LONG_POLL_MS = 25_000;
/** Stream connections in a row that may fail before `follow` falls back to long-polling. */
export const MAX_STREAM_FAILURES = 3;
/** Pause before reconnecting a dropped stream, times the failures in a row. */
const RECONNECT_STEP_MS = 200;

/** What an answer that was not a success says, as a ScannerError. */
function refusal(response: Response, body: unknown): ScannerError {
  const problem: ProblemDetails = typeof body === 'object' && body !== null ? (body as ProblemDetails) : { detail: typeof body === 'string' && body !== '' ? body.slice(0, 200) : undefined };
  return new ScannerError(response.status, problem, retryAfterMs(response.headers.get('Retry-After')));
}

/** `data` of an openapi-fetch result, or the refusal as a ScannerError. */
function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.data !== undefined) return result.data;
  throw refusal(result.response, result.error);
}

/** The caller's signal and the timeout as one signal. */
function waitSignal(options: WaitOptions): AbortSignal | undefined {
  const signals = [options.signal, options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs)].filter((s) => s !== undefined);
  return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
}

const isEventStream = (response: Response): boolean => (response.headers.get('Content-Type') ?? '').toLowerCase().startsWith('text/event-stream');

/** Creates a client; nothing is sent until a method is called. */
export function createScannerClient(options: ScannerClientOptions): ScannerClient {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  else if (options.userId !== undefined) headers['X-User-Id'] = options.userId;
  // Looked up per call, not captured: browsers refuse a `fetch` detached from `window`, and tests may replace the global.
  const send = (request: Request): Promise<Response> => (options.fetch ?? globalThis.fetch)(request);
  const api = createClient<paths>({ baseUrl: options.baseUrl.replace(/\/+$/, ''), headers, fetch: send });

  async function read(id: string, query: { waitMs?: number; version?: number }, signal: AbortSignal | undefined): Promise<{ snapshot: ScanSnapshot; retryAfterMs: number | undefined }> {
    const result = await api.GET('/v1/scans/{id}', { params: { path: { id }, query }, signal });
    return { snapshot: unwrap(result), retryAfterMs: retryAfterMs(result.response.headers.get('Retry-After')) };
  }

  /**
   * One long-poll round: the snapshot once its version differs from `since` (or the current one when `since` is
   * undefined, or when the wait ran out). A 429/503 is retried after its Retry-After; an answer that came back early and
   * unchanged (a proxy that cut the wait short) is followed by the Retry-After pause instead of a tight loop.
   */
  async function nextSnapshot(id: string, since: number | undefined, signal: AbortSignal | undefined): Promise<ScanSnapshot> {
    for (;;) {
      const started = Date.now();
      try {
        const { snapshot, retryAfterMs: pause } = await read(id, since === undefined ? {} : { waitMs: LONG_POLL_MS, version: since }, signal);
        if (!snapshot.done && snapshot.version === since && Date.now() - started < LONG_POLL_MS / 2) await sleep(pause ?? 1000, signal);
        return snapshot;
      } catch (err) {
        if (!isRetryable(err)) throw err;
        await sleep(err.retryAfterMs, signal);
      }
    }
  }

  async function* pollSnapshots(id: string, since: number | undefined, signal: AbortSignal | undefined): AsyncGenerator<ScanSnapshot, void, undefined> {
    for (;;) {
      const snapshot = await nextSnapshot(id, since, signal);
      if (snapshot.version !== since) yield snapshot;
      if (snapshot.done) return;
      since = snapshot.version;
    }
  }

  /** The event stream's body; `unavailable` when this fetch or a proxy cannot stream it; `dropped` on a network error. */
  async function openStream(id: string, since: number | undefined, signal: AbortSignal | undefined): Promise<ReadableStream<Uint8Array> | 'unavailable' | 'dropped'> {
    let result;
    try {
      result = await api.GET('/v1/scans/{id}/events', {
        params: { path: { id } },
        parseAs: 'stream',
        headers: since === undefined ? { Accept: 'text/event-stream' } : { Accept: 'text/event-stream', 'Last-Event-ID': String(since) },
        signal,
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      return 'dropped';
    }
    const { response } = result;
    if (response.status === 429 && (result.error as ProblemDetails | undefined)?.code === 'STREAM_CAPACITY') return 'unavailable';
    if (!response.ok) throw refusal(response, result.error);
    if (!isEventStream(response) || !response.body) {
      await response.body?.cancel();
      return 'unavailable';
    }
    return response.body;
  }

  async function* follow(id: string, followOptions: FollowOptions = {}): AsyncGenerator<ScanSnapshot, void, undefined> {
    const { signal } = followOptions;
    let version: number | undefined;
    for (let failures = 0; followOptions.transport !== 'poll' && failures < MAX_STREAM_FAILURES; ) {
      const stream = await openStream(id, version, signal);
      if (stream === 'unavailable') break;
      let progressed = false;
      if (stream !== 'dropped') {
        try {
          for await (const message of sseMessages(stream)) {
            if (message.event !== 'snapshot') continue;
            const snapshot = JSON.parse(message.data) as ScanSnapshot;
            // After a reconnect the stream starts again with the current snapshot: skip what was already yielded.
            if (version !== undefined && snapshot.version <= version) continue;
            version = snapshot.version;
            progressed = true;
            yield snapshot;
            if (snapshot.done) return;
          }
        } catch (err) {
          if (signal?.aborted) throw err;
          // The connection dropped mid-stream: resume from `version` below.
        }
      }
      failures = progressed ? 0 : failures + 1;
      await sleep(RECONNECT_STEP_MS * failures, signal);
    }
    yield* pollSnapshots(id, version, signal);
  }

  return {
    async start(request = {}, { signal } = {}) {
      const result = await api.POST('/v1/scans', { body: request, signal });
      return { snapshot: unwrap(result), reused: result.response.headers.get('Scan-Reused') === 'true' };
    },
    async get(id, { signal } = {}) {
      return (await read(id, {}, signal)).snapshot;
    },
    async list({ limit, signal } = {}) {
      return unwrap(await api.GET('/v1/scans', { params: { query: limit === undefined ? {} : { limit } }, signal })).scans;
    },
    async cancel(id, { signal } = {}) {
      return unwrap(await api.DELETE('/v1/scans/{id}', { params: { path: { id } }, signal }));
    },
    async waitForFinal(id, waitOptions = {}) {
      const signal = waitSignal(waitOptions);
      for (let since: number | undefined; ; ) {
        const snapshot = await nextSnapshot(id, since, signal);
        if (snapshot.done) return snapshot;
        since = snapshot.version;
      }
    },
    follow,
    async strategies({ signal } = {}) {
      return unwrap(await api.GET('/v1/strategies', { signal })).strategies;
    },
    async trace(id, { signal } = {}) {
      return unwrap(await api.GET('/v1/scans/{id}/trace', { params: { path: { id } }, signal }));
    },
  };
}
