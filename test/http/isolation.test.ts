// A scan belongs to the user who started it: every read, stream, trace or cancel by another user is the same 404 as
// for an id that never existed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { createHarness, waitForFinal, type Harness } from './support/harness.js';

const ALICE = { Authorization: 'Bearer tok-alice-123' };
const BOB = { Authorization: 'Bearer tok-bob-456' };
let h: Harness;
let running: ScanSnapshot;
let finished: ScanSnapshot;

async function start(body: unknown): Promise<ScanSnapshot> {
  const res = await h.app.request('/v1/scans', { method: 'POST', headers: { ...ALICE, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(202);
  return (await res.json()) as ScanSnapshot;
}

beforeAll(async () => {
  h = createHarness({ SCANNER_TOKENS: 'tok-alice-123:alice,tok-bob-456:bob' }, { traces: true });
  finished = await start({ strategies: ['fast'] });
  await waitForFinal(h.service.registry, finished.id);
  running = await start({ strategies: ['spins'], budgetMs: 20_000, strategyTimeoutMs: 20_000 });
});
afterAll(() => h.close());

const routes = (id: string): [string, string][] => [
  ['GET', `/v1/scans/${id}`],
  ['GET', `/v1/scans/${id}?waitMs=50`],
  ['GET', `/v1/scans/${id}/events`],
  ['GET', `/v1/scans/${id}/trace`],
  ['GET', `/v1/scans/${id}/inspect`],
  ['DELETE', `/v1/scans/${id}`],
];

describe("another user's scan", () => {
  it.each(['running', 'finished'])('is a 404 SCAN_NOT_FOUND for every route (%s scan), exactly like an unknown id', async (which) => {
    const id = which === 'running' ? running.id : finished.id;
    for (const [method, path] of routes(id)) {
      const foreign = await h.app.request(path, { method, headers: BOB });
      const unknown = await h.app.request(path.replace(id, 'V1StGXR8_Z5jdHi6B-myT'), { method, headers: BOB });
      expect({ path, method, status: foreign.status }).toEqual({ path, method, status: 404 });
      const [a, b] = [(await foreign.json()) as Record<string, unknown>, (await unknown.json()) as Record<string, unknown>];
      expect(a.code).toBe('SCAN_NOT_FOUND');
      expect({ ...a, instance: undefined }).toEqual({ ...b, instance: undefined });
    }
  });

  it('is a legacy not_found on the compatibility route', async () => {
    const res = await h.app.request(`/api/v1/opportunities/status/${running.id}`, { headers: BOB });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ success: false, status: 'not_found' });
  });

  it("is not in the other user's list, and Bob's cancel did not touch it", async () => {
    const list = (await (await h.app.request('/v1/scans', { headers: BOB })).json()) as { scans: unknown[] };
    expect(list.scans).toEqual([]);
    const mine = await h.app.request(`/v1/scans/${running.id}`, { headers: ALICE });
    expect(mine.status).toBe(200);
    expect(((await mine.json()) as ScanSnapshot).state).not.toBe('cancelled');
  });

  it('stays readable, traceable and cancellable by its owner', async () => {
    expect((await h.app.request(`/v1/scans/${finished.id}/trace`, { headers: ALICE })).status).toBe(200);
    const res = await h.app.request(`/v1/scans/${running.id}`, { method: 'DELETE', headers: ALICE });
    expect(res.status).toBe(202);
  });
});
