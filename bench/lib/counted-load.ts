// A fixed number of requests over `connections` keep-alive lanes, each sending its next request when the previous answer
// has arrived: bounded in count (and in time by `timeoutMs` per request), with what the caller got tallied — statuses,
// problem codes and Retry-After values — and the server's CPU per response. Refusals need all three, which autocannon
// does not report (it sees status codes only).
import http from 'node:http';
import { LOOPBACK } from './child-server.js';
import type { CpuReading } from './server-cpu.js';

export interface CountedLoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Sent as application/json with every request. */
  body?: string;
  requests: number;
  connections: number;
  timeoutMs?: number;
  /** Reads the server's CPU before and after the run. */
  serverCpu?: () => CpuReading;
}

export interface CountedLoadResult {
  latenciesMs: number[];
  wallMs: number;
  requestsPerSecond: number;
  /** Responses by HTTP status. */
  statuses: Map<number, number>;
  /** application/problem+json responses by their `code`. */
  problemCodes: Map<string, number>;
  /** Responses by their Retry-After header (those that had one). */
  retryAfter: Map<string, number>;
  errors: number;
  timeouts: number;
  /** Server CPU per response, µs: whole process and main thread (null where unknown). */
  processCpuUsPerResponse: number | null;
  mainThreadCpuUsPerResponse: number | null;
}

function problemCode(text: string): string {
  try {
    return (JSON.parse(text) as { code?: string }).code ?? '(no code)';
  } catch {
    return '(not JSON)';
  }
}

const bump = <K>(map: Map<K, number>, key: K): void => void map.set(key, (map.get(key) ?? 0) + 1);

export async function countedLoad(options: CountedLoadOptions): Promise<CountedLoadResult> {
  if (!options.url.startsWith(`http://${LOOPBACK}:`)) throw new Error(`load is loopback-only, not ${options.url}`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const headers = { ...options.headers, ...(options.body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(options.body)) }) };
  const result: CountedLoadResult = {
    latenciesMs: [], wallMs: 0, requestsPerSecond: 0, statuses: new Map(), problemCodes: new Map(), retryAfter: new Map(),
    errors: 0, timeouts: 0, processCpuUsPerResponse: null, mainThreadCpuUsPerResponse: null,
  };
  let issued = 0;

  const once = (): Promise<void> =>
    new Promise((resolve) => {
      const sent = performance.now();
      const req = http.request(options.url, { method: options.method ?? 'GET', agent, headers }, (res) => {
        const problem = (res.headers['content-type'] ?? '').startsWith('application/problem+json');
        let text = '';
        if (problem) res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        else res.resume();
        res.on('end', () => {
          result.latenciesMs.push(performance.now() - sent);
          bump(result.statuses, res.statusCode ?? 0);
          const retryAfter = res.headers['retry-after'];
          if (retryAfter !== undefined) bump(result.retryAfter, retryAfter);
          if (problem) bump(result.problemCodes, problemCode(text));
          resolve();
        });
      });
      req.setTimeout(timeoutMs, () => {
        result.timeouts++;
        req.destroy();
      });
      req.on('error', () => {
        result.errors++;
        resolve();
      });
      req.end(options.body);
    });
  const lane = async (): Promise<void> => {
    while (issued < options.requests) {
      issued++;
      await once();
    }
  };

  const cpuBefore = options.serverCpu?.();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(options.connections, options.requests) }, lane));
  result.wallMs = performance.now() - t0;
  const cpuAfter = options.serverCpu?.();
  agent.destroy();

  const n = result.latenciesMs.length;
  result.requestsPerSecond = n / (result.wallMs / 1000);
  const perResponse = (before: number | null | undefined, after: number | null | undefined): number | null =>
    before === null || before === undefined || after === null || after === undefined || n === 0 ? null : ((after - before) * 1000) / n;
  result.processCpuUsPerResponse = perResponse(cpuBefore?.processMs, cpuAfter?.processMs);
  result.mainThreadCpuUsPerResponse = perResponse(cpuBefore?.mainThreadMs, cpuAfter?.mainThreadMs);
  return result;
}
