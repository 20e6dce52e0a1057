// The HTTP servers the status-latency and throughput suites load, each started as its own process on loopback, and the
// finished scan both suites poll.
import type { MarketProfile } from '../../src/market/profiles.js';
import { compiledPath } from '../../src/compiled-path.js';
import { realCatalogueUrl } from './catalogue.js';
import { startChildServer, type ChildServer } from './child-server.js';
import { requestJson, waitFor } from './http.js';

/** The user every polled scan belongs to (dev mode: X-User-Id). */
export const PROBE_USER = 'bench-probe';

function serverEnv(profile: MarketProfile): Record<string, string> {
  // Dev mode (no tokens), quiet logs, the real strategies (or BENCH_CATALOGUE_URL) on a synthetic market of `profile`.
  return { SCANNER_LOG_LEVEL: 'warn', SCANNER_TOKENS: '', SCANNER_MARKET_PROFILE: profile, SCANNER_CATALOGUE_URL: realCatalogueUrl() };
}

/**
 * The real service: dist/src/main.js, configured through its environment like in production, and measured once it says it
 * is ready (/readyz), as a load balancer would route to it: before that its workers run the JIT warm-up and calibration,
 * and an "idle" phase would measure them.
 */
export function startService(profile: MarketProfile, threads?: number): Promise<ChildServer> {
  const env = { ...serverEnv(profile), ...(threads === undefined ? {} : { SCANNER_THREADS: String(threads) }) };
  return startChildServer({ label: 'service', script: compiledPath('src/main'), env, readyPath: '/readyz' });
}

/** The main-thread baseline server (bench/baselines), same market and strategies. */
export function startBaselineServer(profile: MarketProfile): Promise<ChildServer> {
  return startChildServer({ label: 'baseline', script: compiledPath('bench/baselines/baseline-server-main'), env: serverEnv(profile), readyPath: '/healthz' });
}

/**
 * The middlewares in front of the service's GET /v1/scans/:id — request metrics and auth (src/http/create-app.ts) — which
 * the throughput suite's chained hello world repeats; test/bench/status-route-layers.test.ts keeps the two in step.
 */
export const STATUS_ROUTE_MIDDLEWARES = 2;

/** Hello world, behind `middlewares` pass-through middlewares (0: the bare route). */
export function startHelloServer(middlewares = 0): Promise<ChildServer> {
  const label = middlewares === 0 ? 'hello' : `hello-${middlewares}-middlewares`;
  return startChildServer({ label, script: compiledPath('bench/baselines/hello-server-main'), env: { BENCH_MIDDLEWARES: String(middlewares) }, readyPath: '/' });
}

export interface PolledScan {
  id: string;
  etag: string;
  /** Size of its snapshot response body. */
  bytes: number;
}

/** Starts a default scan (every strategy, every symbol) as PROBE_USER, waits until it is final, and reads it once. */
export async function finishedScan(server: ChildServer): Promise<PolledScan> {
  const created = await requestJson<{ id: string }>(`${server.url}/v1/scans`, { method: 'POST', user: PROBE_USER, body: { budgetMs: 60_000 } });
  if (created.status !== 202) throw new Error(`POST /v1/scans answered ${created.status}`);
  const url = `${server.url}/v1/scans/${created.body.id}`;
  await waitFor('the polled scan to finish', async () => ((await requestJson<{ done: boolean }>(url, { user: PROBE_USER })).body.done ? true : undefined), 120_000, 200);
  const res = await fetch(url, { headers: { 'x-user-id': PROBE_USER, connection: 'close' } });
  const bytes = (await res.arrayBuffer()).byteLength;
  return { id: created.body.id, etag: res.headers.get('etag') ?? '', bytes };
}
