// One way to serve Server-Sent Events, for every stream the service has (scan snapshots, visualizer traces): events from
// an async iterator, `: ping` comments on an interval (hono's streamSSE sends none), written by one loop so nothing
// interleaves, bounded by the app's stream tracker, and ended by the client going away or by shutdown. Ending is the
// iterator's job: told through `signal`, it delivers what it already has and returns.
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { ServiceError } from './problem.js';

export interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/** Where open streams register how to end them (shutdown); undefined from `add` = bound reached. */
export interface StreamRegistry {
  add(end: () => void): (() => void) | undefined;
}

export interface SseOptions {
  heartbeatMs: number;
  streams?: StreamRegistry | undefined;
  /** The events to send; when `signal` aborts (client gone, shutdown) it must end soon, after what it already holds. */
  events(signal: AbortSignal): AsyncIterator<SseEvent>;
  /** A failure while streaming (logged by the caller; the client just sees the stream end). */
  onError?: (err: unknown) => void;
}

export const streamCapacity = (detail = 'Too many open event streams.'): ServiceError =>
  new ServiceError('STREAM_CAPACITY', 429, { detail, headers: { 'Retry-After': '5' } });

const wantsClose = (connection: string | undefined): boolean => connection !== undefined && connection.split(',').some((option) => option.trim().toLowerCase() === 'close');

/** The SSE response; throws STREAM_CAPACITY (429) when the tracker's bound is reached. */
export function sseResponse(c: Context, options: SseOptions): Response {
  const stop = new AbortController();
  const release = options.streams ? options.streams.add(() => stop.abort()) : () => undefined;
  if (!release) throw streamCapacity();
  const response = streamSSE(c, async function writeEvents(stream) {
    stream.onAbort(() => stop.abort());
    const events = options.events(stop.signal);
    let ping: NodeJS.Timeout | undefined;
    const pingDue = (): Promise<'ping'> => new Promise((resolve) => (ping = setTimeout(() => resolve('ping'), options.heartbeatMs)));
    try {
      let next = events.next();
      for (;;) {
        const first = await Promise.race([next, pingDue()]);
        clearTimeout(ping);
        if (first === 'ping') {
          if (!stop.signal.aborted) await stream.write(': ping\n\n');
          continue;
        }
        if (first.done) break;
        await stream.writeSSE(first.value);
        next = events.next();
      }
    } catch (err) {
      options.onError?.(err);
    } finally {
      clearTimeout(ping);
      stop.abort();
      await events.return?.();
      release();
    }
  });
  // streamSSE sets no-cache; these responses must never be stored.
  response.headers.set('Cache-Control', 'no-store');
  // streamSSE also says `Connection: keep-alive` whatever the request said; a client that asked for `close` would then
  // reuse a connection the server closes after the stream (RFC 9112 §9.6: the server must close it, and say so).
  if (wantsClose(c.req.header('Connection'))) response.headers.set('Connection', 'close');
  return response;
}
