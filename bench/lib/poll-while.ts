// A probe: GETs `url` over one keep-alive connection, each request sent when the previous answer has arrived, for as
// long as `work` runs; the answer in flight when it settles is awaited and counted (a stalled server's slowest answer is
// the one that matters). Run it where nothing else busies this event loop (e.g. while the load is in another process),
// or its latencies include that wait too.
import http from 'node:http';
import { LOOPBACK } from './child-server.js';

export interface PollResult {
  latenciesMs: number[];
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** Memory bound on samples: the probe stops issuing once it is reached. */
const MAX_SAMPLES = 1_000_000;

export async function pollWhile<T>(url: string, work: Promise<T>, timeoutMs = 30_000): Promise<{ poll: PollResult; value: T }> {
  if (!url.startsWith(`http://${LOOPBACK}:`)) throw new Error(`load is loopback-only, not ${url}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const poll: PollResult = { latenciesMs: [], non2xx: 0, errors: 0, timeouts: 0 };
  let settled = false;
  const watched = work.finally(() => (settled = true));
  const once = (): Promise<void> =>
    new Promise((resolve) => {
      const sent = performance.now();
      const req = http.get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => {
          poll.latenciesMs.push(performance.now() - sent);
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) poll.non2xx++;
          resolve();
        });
      });
      req.setTimeout(timeoutMs, () => {
        poll.timeouts++;
        req.destroy();
      });
      req.on('error', () => {
        poll.errors++;
        resolve();
      });
    });
  const probe = async (): Promise<void> => {
    while (!settled && poll.latenciesMs.length < MAX_SAMPLES) await once();
  };
  try {
    const [value] = await Promise.all([watched, probe()]);
    return { poll, value };
  } finally {
    agent.destroy();
  }
}
