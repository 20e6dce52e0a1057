// GET /v1/scans/:id/inspect: a scan's trace records as server-sent events — the records so far, then live ones, then
// `event: end` once the scan is final. One writer loop per stream, so records go out in order even while a write waits.
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { ServiceError, problemResponse } from '../http/problem.js';
import { traceNotFound } from './trace-not-found.js';
import type { TraceRecord } from './trace-record.js';
import type { TraceStore } from './trace-store.js';

/** Where open streams register how to end them (shutdown); undefined from `add` = bound reached. */
export interface StreamRegistry {
  add(end: () => void): (() => void) | undefined;
}

export interface InspectStreamOptions {
  traces: TraceStore;
  scanId: string;
  /** Records up to this seq are not resent (SSE `Last-Event-ID` on reconnect). */
  afterSeq: number;
  /** `: ping` comment interval; hono's streamSSE sends none of its own. */
  heartbeatMs: number;
  streams?: StreamRegistry | undefined;
}

const streamCapacity = (detail: string): Response =>
  problemResponse(new ServiceError('STREAM_CAPACITY', 429, { detail, headers: { 'Retry-After': '5' } }));

export function inspectStream(c: Context, options: InspectStreamOptions): Response {
  const { traces, scanId, afterSeq, heartbeatMs } = options;
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
  const end = (): void => {
    ended = true;
    notify();
  };
  const release = options.streams ? options.streams.add(end) : () => undefined;
  if (!release) return streamCapacity('Too many open event streams.');
  const subscription = traces.subscribe(scanId, {
    record(record) {
      if (queue.length >= traces.cap) overflow = true;
      else queue.push(record);
      notify();
    },
    end,
  });
  if (!subscription.ok) {
    release();
    return subscription.reason === 'busy'
      ? streamCapacity(`At most ${traces.maxListeners} inspection streams can be open.`)
      : problemResponse(traceNotFound());
  }
  queue.unshift(...subscription.backlog.filter((r) => r.seq > afterSeq));
  ended ||= subscription.done;
  c.header('Cache-Control', 'no-store');

  return streamSSE(c, async function writeTrace(stream) {
    let aborted = false;
    let pingDue = false;
    stream.onAbort(() => {
      aborted = true;
      notify();
    });
    const ping = setInterval(() => {
      pingDue = true;
      notify();
    }, heartbeatMs);
    try {
      // Every check and the wait below run in one tick, so a record or ping arriving during a write is never missed.
      while (!aborted && !overflow) {
        const record = queue.shift();
        if (record) {
          await stream.writeSSE({ event: 'trace', id: String(record.seq), data: JSON.stringify(record) });
        } else if (pingDue) {
          pingDue = false;
          await stream.write(': ping\n\n');
        } else if (ended) {
          break;
        } else {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      }
      if (ended && !aborted && !overflow) await stream.writeSSE({ event: 'end', data: '{}' });
    } finally {
      clearInterval(ping);
      subscription.unsubscribe();
      release();
    }
  });
}
