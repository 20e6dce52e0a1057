// The refusals suite's floods: POSTs at capacity sent from a process of their own while this process polls /healthz over
// one keep-alive connection; run once with sleeping strategies holding the slots (idle cores) and once with computing
// ones (the cores shared with the service's own workers, as when real users hold the slots).
import type { ChildServer } from '../../lib/child-server.js';
import type { CountedLoadResult } from '../../lib/counted-load.js';
import { promValue } from '../../lib/http.js';
import { pollWhile } from '../../lib/poll-while.js';
import { prepareRemoteLoad } from '../../lib/remote-load.js';
import { percentile } from '../../lib/stats.js';

export interface Flood {
  posts: CountedLoadResult;
  healthz: number[];
  /** The service's event-loop delay p99 over the flood (scanner_event_loop_lag_seconds), ms. */
  serverLoopP99Ms: number;
}

export interface FloodRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

export interface FloodPlan {
  floods: number;
  posts: number;
  connections: number;
  /** /healthz polled at capacity without a flood first, for reference. */
  quietPollMs: number;
}

export interface FloodRun {
  quietHealthz: number[];
  floods: Flood[];
}

/** Reads (and resets: each scrape starts a new window) the service's event-loop delay p99, ms. */
async function serverLoopP99Ms(server: ChildServer): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return (promValue(text, 'scanner_event_loop_lag_seconds') ?? Number.NaN) * 1000;
}

/** /healthz at capacity, quiet and then through each flood; `onFloodStart` is told when each flood begins. */
export async function runFloods(server: ChildServer, post: FloodRequest, plan: FloodPlan, log: (m: string) => void, onFloodStart?: (i: number) => void): Promise<FloodRun> {
  log(`/healthz at capacity, no flood (${plan.quietPollMs} ms)`);
  const quietHealthz = (await pollWhile(`${server.url}/healthz`, new Promise((resolve) => setTimeout(resolve, plan.quietPollMs)))).poll.latenciesMs;
  const floods: Flood[] = [];
  for (let i = 0; i < plan.floods; i++) {
    log(`flood ${i + 1}/${plan.floods}: ${plan.posts} POSTs over ${plan.connections} connections, /healthz polled throughout`);
    const flood = await prepareRemoteLoad({ ...post, requests: plan.posts, connections: plan.connections });
    await serverLoopP99Ms(server); // starts the server's window
    onFloodStart?.(i);
    const { poll: healthz, value: posts } = await pollWhile(`${server.url}/healthz`, flood.run());
    if (healthz.non2xx > 0 || healthz.errors > 0 || healthz.timeouts > 0) throw new Error(`/healthz failed during the flood: ${healthz.non2xx} non-2xx, ${healthz.errors} errors, ${healthz.timeouts} timeouts`);
    floods.push({ posts, healthz: healthz.latenciesMs, serverLoopP99Ms: await serverLoopP99Ms(server) });
    // A POST let through would mean capacity had freed: the figures would no longer be about refusals.
    if (posts.statuses.has(202)) throw new Error(`a flood POST was accepted: ${JSON.stringify(Object.fromEntries(posts.statuses))}`);
  }
  return { quietHealthz, floods };
}

/** Each flood's /healthz p99: the spread of the pooled p99 across floods. */
export const perFloodP99 = (floods: readonly Flood[]): number[] => floods.map((f) => percentile([...f.healthz].sort((a, b) => a - b), 99));
