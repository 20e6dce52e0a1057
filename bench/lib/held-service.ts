// The real service (dist/src/main.js) held at its scan bound: small bounds, the holding catalogue, and scans that keep
// their slots until cancelled. What the refusals suite loads.
import { compiledPath } from '../../src/compiled-path.js';
import { startChildServer, type ChildServer } from './child-server.js';
import { holdingCatalogueUrl } from './holding-catalogue.js';
import { requestJson, waitFor } from './http.js';

/** SCANNER_MAX_RUNNING_SCANS and SCANNER_MAX_QUEUED_SCANS of the held service (and its threads = running). */
export const HELD_BOUNDS = { running: 2, queued: 2 } as const;

/** The request of every held scan, and of the refused POSTs: one strategy that holds its worker for the whole budget. */
export const HOLD_REQUEST = { strategies: ['holds'], budgetMs: 60_000, strategyTimeoutMs: 60_000 } as const;

/** What holds the slots: `holds` sleeps (the cores stay idle), `computes` keeps its core busy like a user's real scan. */
export type Holder = 'holds' | 'computes';

export interface HeldScan {
  id: string;
  user: string;
}

interface Health {
  scans: { running: number; queued: number };
}

export function startHeldService(): Promise<ChildServer> {
  const env = {
    SCANNER_LOG_LEVEL: 'warn',
    SCANNER_TOKENS: '',
    SCANNER_MARKET_PROFILE: 'tiny',
    SCANNER_CATALOGUE_URL: holdingCatalogueUrl(),
    SCANNER_THREADS: String(HELD_BOUNDS.running),
    SCANNER_MAX_RUNNING_SCANS: String(HELD_BOUNDS.running),
    SCANNER_MAX_QUEUED_SCANS: String(HELD_BOUNDS.queued),
    // No start-up measuring of the strategies: it would only time `holds` out.
    SCANNER_CALIBRATION: 'off',
  };
  return startChildServer({ label: 'service (held at its bound)', script: compiledPath('src/main'), env, readyPath: '/healthz' });
}

/** Whether /healthz reports every running and queued slot taken. */
export async function atCapacity(server: ChildServer): Promise<boolean> {
  const { body } = await requestJson<Health>(`${server.url}/healthz`);
  return body.scans.running === HELD_BOUNDS.running && body.scans.queued === HELD_BOUNDS.queued;
}

/** Takes every slot with a holding scan, each from its own user, and waits until /healthz shows them all. */
export async function fillCapacity(server: ChildServer, holder: Holder = 'holds'): Promise<HeldScan[]> {
  const held: HeldScan[] = [];
  for (let i = 0; i < HELD_BOUNDS.running + HELD_BOUNDS.queued; i++) {
    const user = `bench-holder-${i}`;
    const res = await requestJson<{ id: string }>(`${server.url}/v1/scans`, { method: 'POST', user, body: { ...HOLD_REQUEST, strategies: [holder] } });
    if (res.status !== 202) throw new Error(`POST /v1/scans (holder ${i}) answered ${res.status}`);
    held.push({ id: res.body.id, user });
  }
  await waitFor('the held scans to take every slot', async () => ((await atCapacity(server)) ? true : undefined), 30_000);
  return held;
}

/** Cancels the held scans (they stop at their next wake-up). */
export async function releaseCapacity(server: ChildServer, held: readonly HeldScan[]): Promise<void> {
  for (const { id, user } of held) await requestJson(`${server.url}/v1/scans/${id}`, { method: 'DELETE', user });
}

/** Starts a scan of `done` as `user` and waits until it is final: a small finished scan to poll. */
export async function finishedSmallScan(server: ChildServer, user: string): Promise<string> {
  const created = await requestJson<{ id: string }>(`${server.url}/v1/scans`, { method: 'POST', user, body: { strategies: ['done'] } });
  if (created.status !== 202) throw new Error(`POST /v1/scans answered ${created.status}`);
  const url = `${server.url}/v1/scans/${created.body.id}`;
  await waitFor('the polled scan to finish', async () => ((await requestJson<{ done: boolean }>(url, { user })).body.done ? true : undefined), 30_000, 50);
  return created.body.id;
}
