// Bounded HTTP load on loopback with autocannon. Latencies are collected per response at full resolution (autocannon's own
// histogram rounds to whole milliseconds, too coarse for loopback percentiles).
import autocannon from 'autocannon';
import { LOOPBACK } from './child-server.js';

export interface LoadOptions {
  url: string;
  connections: number;
  durationS: number;
  headers?: Record<string, string>;
  /** Reads the server's CPU time (ms), before and after the run. */
  serverCpuMs?: () => number | null;
}

export interface LoadResult {
  latenciesMs: number[];
  requestsPerSecond: number;
  responses: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Server CPU time per response, µs (null without `serverCpuMs`). */
  serverCpuUsPerResponse: number | null;
}

/** No run keeps more samples than this (memory bound); the run stops when it is reached. */
const MAX_RESPONSES = 2_000_000;

export function hammer(options: LoadOptions): Promise<LoadResult> {
  if (!options.url.startsWith(`http://${LOOPBACK}:`)) throw new Error(`load is loopback-only, not ${options.url}`);
  const latenciesMs: number[] = [];
  const cpuBefore = options.serverCpuMs?.() ?? null;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: options.url, connections: options.connections, duration: options.durationS, headers: options.headers, timeout: 10 },
      (err: unknown, result) => {
        clearTimeout(guard);
        if (err) return reject(err instanceof Error ? err : new Error(String(err)));
        const seconds = result.duration > 0 ? result.duration : options.durationS;
        const cpuAfter = options.serverCpuMs?.() ?? null;
        const serverCpuUsPerResponse = cpuBefore === null || cpuAfter === null || latenciesMs.length === 0 ? null : ((cpuAfter - cpuBefore) * 1000) / latenciesMs.length;
        resolve({
          latenciesMs,
          requestsPerSecond: latenciesMs.length / seconds,
          responses: latenciesMs.length,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          serverCpuUsPerResponse,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latenciesMs.push(responseTime);
      if (latenciesMs.length >= MAX_RESPONSES) instance.stop();
    });
    // autocannon stops itself at `duration`; this is the belt to its braces.
    const guard = setTimeout(() => instance.stop(), (options.durationS + 30) * 1000);
  });
}
