// A closed-loop HTTP load for latency: `connections` keep-alive clients, each sending its next GET when the previous
// answer arrives, until `durationS`. Unlike autocannon, requests still in flight at the end are awaited and counted (up to
// `timeoutMs`): against a server whose event loop blocks for seconds, dropping them would keep only the lucky, fast
// answers and hide the slow ones.
import http from 'node:http';
import { LOOPBACK } from './child-server.js';
import type { LoadOptions, LoadResult } from './load.js';

/** Memory bound on samples; lanes stop issuing once it is reached. */
const MAX_RESPONSES = 2_000_000;

export async function closedLoopLoad(options: LoadOptions & { timeoutMs?: number }): Promise<LoadResult> {
  if (!options.url.startsWith(`http://${LOOPBACK}:`)) throw new Error(`load is loopback-only, not ${options.url}`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latenciesMs: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  const cpuBefore = options.serverCpuMs?.() ?? null;
  const t0 = performance.now();
  const until = t0 + options.durationS * 1000;

  const once = (): Promise<void> =>
    new Promise((resolve) => {
      const sent = performance.now();
      const req = http.get(options.url, { agent, headers: options.headers }, (res) => {
        res.resume();
        res.on('end', () => {
          latenciesMs.push(performance.now() - sent);
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx++;
          resolve();
        });
      });
      req.setTimeout(timeoutMs, () => {
        timeouts++;
        req.destroy();
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  const lane = async (): Promise<void> => {
    while (performance.now() < until && latenciesMs.length < MAX_RESPONSES) await once();
  };
  await Promise.all(Array.from({ length: options.connections }, lane));
  agent.destroy();

  const seconds = (performance.now() - t0) / 1000;
  const cpuAfter = options.serverCpuMs?.() ?? null;
  return {
    latenciesMs,
    requestsPerSecond: latenciesMs.length / seconds,
    responses: latenciesMs.length,
    non2xx,
    errors,
    timeouts,
    serverCpuUsPerResponse: cpuBefore === null || cpuAfter === null || latenciesMs.length === 0 ? null : ((cpuAfter - cpuBefore) * 1000) / latenciesMs.length,
  };
}
