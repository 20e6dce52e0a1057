// GET /v1/scans/{id}/events over a real socket: first the current snapshot, then one event per version (id = version),
// `: ping` heartbeats, the stream ends after the final snapshot, and a client that goes away is cleaned up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { asUser, createHarness, jsonInit, listen, waitForFinal, warmUp, type Harness, type Listening } from './support/harness.js';
import { readSse } from './support/sse-client.js';
import { until } from '../support/until.js';

let h: Harness;
let server: Listening;

beforeAll(async () => {
  h = createHarness({ SCANNER_SSE_PING_MS: '100', SCANNER_MAX_SSE_CLIENTS: '3' });
  await warmUp(h);
  server = await listen(h);
});
afterAll(async () => {
  await server.close();
  await h.close();
});

async function start(user: string, body: unknown): Promise<ScanSnapshot> {
  const res = await h.app.request('/v1/scans', asUser(user, jsonInit('POST', body)));
  return (await res.json()) as ScanSnapshot;
}

const snapshots = (events: { data: string }[]): ScanSnapshot[] => events.map((e) => JSON.parse(e.data) as ScanSnapshot);

describe('scan events', () => {
  it('streams strictly increasing versions, one snapshot event each, and ends after the final one', async () => {
    const scan = await start('sse-1', { strategies: ['fast', 'slow', 'fast_b', 'throws'] });
    const result = await readSse(`${server.url}/v1/scans/${scan.id}/events`, { headers: { 'X-User-Id': 'sse-1' } });
    expect(result.status).toBe(200);
    expect(result.contentType).toMatch(/^text\/event-stream/);
    expect(result.ended).toBe(true);
    const list = snapshots(result.events);
    expect(list.length).toBeGreaterThanOrEqual(2);
    for (const [i, event] of result.events.entries()) {
      expect(event.event).toBe('snapshot');
      expect(event.id).toBe(String(list[i]?.version));
      if (i > 0) expect(list[i]?.version).toBeGreaterThan(list[i - 1]?.version ?? Infinity);
    }
    expect(list.at(-1)).toMatchObject({ done: true, state: 'partial' });
    expect(list.slice(0, -1).every((s) => !s.done)).toBe(true);
  });

  it('sends `: ping` comments while nothing changes', async () => {
    const scan = await start('sse-2', { strategies: ['spins'], strategyTimeoutMs: 800, budgetMs: 5000 });
    const result = await readSse(`${server.url}/v1/scans/${scan.id}/events`, { headers: { 'X-User-Id': 'sse-2' } });
    expect(result.comments.filter((c) => c === 'ping').length).toBeGreaterThanOrEqual(2);
    expect(snapshots(result.events).at(-1)?.state).toBe('failed');
  });

  it('a final scan gives one event and ends; reconnecting with Last-Event-ID resumes with the current snapshot', async () => {
    const scan = await start('sse-3', { strategies: ['fast'] });
    const final = await waitForFinal(h.service.registry, scan.id);
    const result = await readSse(`${server.url}/v1/scans/${scan.id}/events`, { headers: { 'X-User-Id': 'sse-3', 'Last-Event-ID': '1' } });
    expect(result.ended).toBe(true);
    expect(result.events.map((e) => e.id)).toEqual([String(final.version)]);
  });

  it('cleans up when the client goes away, and bounds open streams (429 STREAM_CAPACITY)', async () => {
    const scan = await start('sse-4', { strategies: ['spins'], strategyTimeoutMs: 20_000, budgetMs: 20_000 });
    const url = `${server.url}/v1/scans/${scan.id}/events`;
    const headers = { 'X-User-Id': 'sse-4' };
    const abort = new AbortController();
    const open = [0, 1, 2].map(() => readSse(url, { headers, signal: abort.signal }));
    await until(() => h.lifecycle.streams.size === 3);
    const refused = await fetch(url, { headers });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { code: string }).code).toBe('STREAM_CAPACITY');

    abort.abort();
    await Promise.all(open);
    await until(() => h.lifecycle.streams.size === 0);
    // The registry holds no listener for the abandoned streams: a cancel still ends cleanly.
    const res = await h.app.request(`/v1/scans/${scan.id}`, asUser('sse-4', { method: 'DELETE' }));
    expect(res.status).toBe(202);
  });

  it('a stream ended by shutdown still delivers the final snapshot of a cancelled scan', async () => {
    const scan = await start('sse-5', { strategies: ['spins'], strategyTimeoutMs: 20_000, budgetMs: 20_000 });
    const reading = readSse(`${server.url}/v1/scans/${scan.id}/events`, { headers: { 'X-User-Id': 'sse-5' } });
    await until(() => h.lifecycle.streams.size === 1);
    h.service.registry.cancel(scan.id);
    h.lifecycle.streams.endAll();
    const result = await reading;
    expect(result.ended).toBe(true);
    expect(snapshots(result.events).at(-1)).toMatchObject({ state: 'cancelled', done: true });
  });
});
