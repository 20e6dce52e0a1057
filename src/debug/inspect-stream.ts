// GET /v1/scans/:id/inspect: a scan's trace records as server-sent events — the records so far, then live ones, then
// `event: end` once the scan is final — through the app's one SSE helper (src/web/sse.ts). The records come from this
// process's trace store, or (distributed mode, a scan run elsewhere) from the copy its owner mirrors to Redis.
import type { Context } from 'hono';
import { sseResponse, streamCapacity, type SseEvent, type StreamRegistry } from '../web/sse.js';
import { traceNotFound } from './trace-not-found.js';
import type { TraceRecord } from './trace-record.js';
import type { TraceListener, TraceSubscription } from './trace-store.js';

export type { StreamRegistry };

/** Where a scan's trace records come from: the local TraceStore, or a remote copy. */
export interface TraceSource {
  /** Records one stream may queue before it is ended (the client reconnects with Last-Event-ID). */
  readonly cap: number;
  readonly maxListeners: number;
  subscribe(scanId: string, listener: TraceListener): TraceSubscription | Promise<TraceSubscription>;
}

export interface InspectStreamOptions {
  traces: TraceSource;
  scanId: string;
  /** Records up to this seq are not resent (SSE `Last-Event-ID` on reconnect). */
  afterSeq: number;
  /** `: ping` comment interval. */
  heartbeatMs: number;
  streams?: StreamRegistry | undefined;
}

/** Throws TRACE_NOT_FOUND (404) or STREAM_CAPACITY (429) before the stream starts. */
export async function inspectStream(c: Context, options: InspectStreamOptions): Promise<Response> {
  const { traces, scanId, afterSeq } = options;
  const queue: TraceRecord[] = [];
  let ended = false;
  // A client that reads slower than the scan writes would make the queue grow without bound: past one trace's worth
  // of records the stream is ended instead (the client reconnects with Last-Event-ID).
  let overflow = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const subscription = await traces.subscribe(scanId, {
    record(record) {
      if (queue.length >= traces.cap) overflow = true;
      else queue.push(record);
      notify();
    },
    end() {
      ended = true;
      notify();
    },
  });
  if (!subscription.ok) {
    if (subscription.reason === 'busy') throw streamCapacity(`At most ${traces.maxListeners} inspection streams can be open.`);
    throw traceNotFound();
  }
  const { unsubscribe } = subscription;
  queue.unshift(...subscription.backlog.filter((r) => r.seq > afterSeq));
  ended ||= subscription.done;

  async function* records(signal: AbortSignal): AsyncGenerator<SseEvent> {
    const onAbort = (): void => notify();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      while (!overflow) {
        const record = queue.shift();
        if (record) yield { event: 'trace', id: String(record.seq), data: JSON.stringify(record) };
        else if (ended || signal.aborted) {
          yield { event: 'end', data: '{}' };
          return;
        } else await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      unsubscribe();
    }
  }
  try {
    return sseResponse(c, { heartbeatMs: options.heartbeatMs, streams: options.streams, events: records });
  } catch (err) {
    unsubscribe();
    throw err;
  }
}
