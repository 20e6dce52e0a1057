// The scan event stream is never stored by a cache: `Cache-Control: no-store` as on every scan read, although hono's
// streamSSE sets `no-cache` itself.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { asUser, createHarness, jsonInit, waitForFinal, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(() => {
  h = createHarness();
});
afterAll(() => h.close());

it('GET /v1/scans/{id}/events answers text/event-stream with Cache-Control: no-store', async () => {
  const started = await h.app.request('/v1/scans', asUser('sse', jsonInit('POST', { strategies: ['fast'] })));
  const { id } = (await started.json()) as { id: string };
  await waitForFinal(h.service.registry, id);
  const res = await h.app.request(`/v1/scans/${id}/events`, asUser('sse'));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(await res.text()).toContain('event: snapshot');
});
