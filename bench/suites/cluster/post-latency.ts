// POST /v1/scans → 202 latency as one caller sees it: one POST at a time, paced (a fixed interval from one POST's start
// to the next), each from a new user so none is answered with a reused scan, spread over the given instances in turn.
// Each accepted scan then runs (a cheap one), so the instances also place, run and mirror scans meanwhile.
import type { Instance } from './instances.js';
import type { ScanClient } from './scan-client.js';

export interface PostLatencyOptions {
  posts: number;
  /** Unmeasured POSTs first (JIT, connections). */
  warm: number;
  intervalMs: number;
  body: unknown;
  /** Users are `<userPrefix>-<n>`: unique per run. */
  userPrefix: string;
}

export interface PostLatency {
  /** As the client saw them, ms. */
  latencies: number[];
  /** The same POSTs as the servers timed them (their scanner_http_request_duration_seconds histogram): how many took ≤ 5 ms. */
  serverWithin5ms: number;
  serverCount: number;
  /** POSTs answered 503 (STORE_UNAVAILABLE): timed like the others (that is what the caller waited), not retried. */
  unavailable: number;
}

const POST_BUCKET = 'scanner_http_request_duration_seconds_bucket{le="%",method="POST",route="/v1/scans",status="202"}';

/** Sums, over the instances, their histogram's count of POST → 202 answered within 5 ms, and in all. */
async function serverBuckets(instances: readonly Instance[]): Promise<{ within: number; total: number }> {
  let within = 0;
  let total = 0;
  for (const instance of instances) {
    const lines = (await (await fetch(`${instance.url}/metrics`)).text()).split('\n');
    const count = (le: string): number => {
      const prefix = `${POST_BUCKET.replace('%', le)} `;
      const line = lines.find((l) => l.startsWith(prefix));
      return line === undefined ? 0 : Number(line.slice(prefix.length));
    };
    within += count('0.005');
    total += count('+Inf');
  }
  return { within, total };
}

export async function postLatency(client: ScanClient, instances: readonly Instance[], options: PostLatencyOptions): Promise<PostLatency> {
  const latencies: number[] = [];
  let before = { within: 0, total: 0 };
  let unavailable = 0;
  for (let i = 0; i < options.warm + options.posts; i++) {
    if (i === options.warm) before = await serverBuckets(instances);
    const started = performance.now();
    const instance = instances[i % instances.length] as Instance;
    const answer = await client.request(`${instance.url}/v1/scans`, { method: 'POST', user: `${options.userPrefix}-${i}`, body: options.body });
    if (answer.status !== 202 && answer.status !== 503) throw new Error(`POST ${instance.url}/v1/scans answered ${answer.status}`);
    if (i >= options.warm) {
      latencies.push(answer.ms);
      if (answer.status === 503) unavailable++;
    }
    const rest = started + options.intervalMs - performance.now();
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
  const after = await serverBuckets(instances);
  return { latencies, serverWithin5ms: after.within - before.within, serverCount: after.total - before.total, unavailable };
}

/**
 * GET /healthz on the same instances, paced the same way: what the client, loopback and the HTTP stack cost on their
 * own on this machine, the floor under every POST figure.
 */
export async function healthFloor(client: ScanClient, instances: readonly Instance[], options: { requests: number; intervalMs: number }): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < options.requests; i++) {
    const started = performance.now();
    const instance = instances[i % instances.length] as Instance;
    latencies.push((await client.request(`${instance.url}/healthz`, { user: 'bench-floor' })).ms);
    const rest = started + options.intervalMs - performance.now();
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
  return latencies;
}
