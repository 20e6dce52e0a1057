// The visualizer's HTTP surface over a real socket: trace JSON, the live inspection stream, the page and its assets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceRecord } from '../../src/debug/trace-record.js';
import { waitForFinal } from '../support/engine.js';
import { startDebugServer, type DebugServer } from './support/debug-server.js';
import { readSse } from '../http/support/sse-client.js';

const alice = { 'X-User-Id': 'alice' };
const bob = { 'X-User-Id': 'bob' };

async function expectProblem(res: Response, status: number, code: string): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: expect.stringMatching(/^https:\/\/opportunity-scanner\.dev\/problems\//) });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
}

describe('debug routes', () => {
  let server: DebugServer;
  const streams = { open: 0, max: 100, ends: new Set<() => void>() };

  beforeAll(async () => {
    server = await startDebugServer({
      traces: { cap: 1000, maxListeners: 3 },
      routes: {
        heartbeatMs: 40,
        // Stands in for the app's stream tracker: counts streams and can end them all (shutdown).
        streams: {
          add(end) {
            if (streams.open >= streams.max) return undefined;
            streams.open += 1;
            streams.ends.add(end);
            let released = false;
            return () => {
              if (released) return;
              released = true;
              streams.open -= 1;
              streams.ends.delete(end);
            };
          },
        },
      },
    });
  });
  afterAll(async () => {
    await server.close();
  });

  describe('GET /v1/scans/:id/trace', () => {
    it("returns the owner's trace as a JSON array", async () => {
      const id = server.registry.create({ userId: 'alice', strategies: ['fast', 'fast_b'], budgetMs: 5000, strategyTimeoutMs: 5000, params: { symbols: ['AAA'], portfolio: {} } });
      await waitForFinal(server.registry, id);
      const res = await fetch(`${server.url}/v1/scans/${id}/trace`, { headers: alice });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const records = (await res.json()) as TraceRecord[];
      expect(records).toEqual(server.traces.records(id));
      expect(records.at(-1)).toMatchObject({ root: true, state: 'complete', status: 'done' });
    });

    it('answers 404 SCAN_NOT_FOUND for another user’s scan, exactly as for an unknown id', async () => {
      const id = server.registry.create({ userId: 'alice', strategies: ['fast'], budgetMs: 5000, strategyTimeoutMs: 5000, params: { symbols: ['AAA'], portfolio: {} } });
      await waitForFinal(server.registry, id);
      const foreign = await fetch(`${server.url}/v1/scans/${id}/trace`, { headers: bob });
      const unknown = await fetch(`${server.url}/v1/scans/no-such-scan/trace`, { headers: bob });
      await expectProblem(foreign, 404, 'SCAN_NOT_FOUND');
      await expectProblem(unknown, 404, 'SCAN_NOT_FOUND');
      await expectProblem(await fetch(`${server.url}/v1/scans/${id}/inspect`, { headers: bob }), 404, 'SCAN_NOT_FOUND');
    });

    it('answers 404 NOT_FOUND when the scan has no trace (evicted or tracing off)', async () => {
      const id = server.registry.create({ userId: 'alice', strategies: ['fast'], budgetMs: 5000, strategyTimeoutMs: 5000, params: { symbols: ['AAA'], portfolio: {} } });
      await waitForFinal(server.registry, id);
      server.traces.drop(id);
      await expectProblem(await fetch(`${server.url}/v1/scans/${id}/trace`, { headers: alice }), 404, 'NOT_FOUND');
      await expectProblem(await fetch(`${server.url}/v1/scans/${id}/inspect`, { headers: alice }), 404, 'NOT_FOUND');
    });
  });

  describe('GET /v1/scans/:id/inspect', () => {
    it('streams the backlog, then live records, then `end` after the final snapshot, with heartbeats', async () => {
      const id = server.registry.create({ userId: 'alice', strategies: ['fast', 'slow'], budgetMs: 5000, strategyTimeoutMs: 5000, params: { symbols: ['AAA'], portfolio: {} } });
      const result = await readSse(`${server.url}/v1/scans/${id}/inspect`, { headers: alice });
      expect(result.status).toBe(200);
      expect(result.contentType).toMatch(/^text\/event-stream/);
      expect(result.ended).toBe(true);
      const traceMessages = result.events.filter((m) => m.event === 'trace');
      const records = traceMessages.map((m) => JSON.parse(m.data) as TraceRecord);
      // Every record exactly once, in order, with id = seq.
      expect(records).toEqual(server.traces.records(id));
      expect(traceMessages.map((m) => m.id)).toEqual(records.map((r) => String(r.seq)));
      expect(result.events.at(-1)?.event).toBe('end');
      // 'slow' spins ~400 ms: several 40 ms heartbeats went out meanwhile.
      expect(result.comments.filter((c) => c === 'ping').length).toBeGreaterThanOrEqual(2);
      expect(server.traces.listenerCount).toBe(0);
      expect(streams.open).toBe(0);
    });

    it('resumes after Last-Event-ID', async () => {
      const id = server.registry.create({ userId: 'alice', strategies: ['fast'], budgetMs: 5000, strategyTimeoutMs: 5000, params: { symbols: ['AAA'], portfolio: {} } });
      await waitForFinal(server.registry, id);
      const all = server.traces.records(id) ?? [];
      const result = await readSse(`${server.url}/v1/scans/${id}/inspect`, { headers: { ...alice, 'Last-Event-ID': '5' } });
      const seqs = result.events.filter((m) => m.event === 'trace').map((m) => Number(m.id));
      expect(seqs).toEqual(all.filter((r) => r.seq > 5).map((r) => r.seq));
      expect(result.events.at(-1)?.event).toBe('end');
    });

    it('releases its listener and its stream slot when the client goes away', async () => {
      const id = server.registry.create({ userId: 'alice', strategies: ['spins'], budgetMs: 3000, strategyTimeoutMs: 3000, params: { symbols: ['AAA'], portfolio: {} } });
      const result = await readSse(`${server.url}/v1/scans/${id}/inspect`, { headers: alice, until: (r) => r.events.length >= 2 });
      expect(result.ended).toBe(false);
      await expect.poll(() => server.traces.listenerCount, { timeout: 1000 }).toBe(0);
      await expect.poll(() => streams.open, { timeout: 1000 }).toBe(0);
      // Released on abort, not because the scan ended.
      expect(server.registry.snapshot(id)?.done).toBe(false);
      server.registry.cancel(id);
      await waitForFinal(server.registry, id);
    });

    it('answers 429 STREAM_CAPACITY past the listener bound, and ends streams on shutdown', async () => {
      const id = server.registry.create({ userId: 'alice', strategies: ['spins'], budgetMs: 3000, strategyTimeoutMs: 3000, params: { symbols: ['AAA'], portfolio: {} } });
      const open = [1, 2, 3].map(() => readSse(`${server.url}/v1/scans/${id}/inspect`, { headers: alice }));
      await expect.poll(() => server.traces.listenerCount).toBe(3);
      const refused = await fetch(`${server.url}/v1/scans/${id}/inspect`, { headers: alice });
      await expectProblem(refused, 429, 'STREAM_CAPACITY');
      expect(refused.headers.get('retry-after')).toBe('5');
      // Shutdown: the app's tracker ends every open stream; each closes with `end`, long before the scan would.
      for (const end of [...streams.ends]) end();
      const results = await Promise.all(open);
      for (const r of results) {
        expect(r.ended).toBe(true);
        expect(r.events.at(-1)?.event).toBe('end');
      }
      expect(server.traces.listenerCount).toBe(0);
      expect(streams.open).toBe(0);
      server.registry.cancel(id);
      await waitForFinal(server.registry, id);
    });
  });

  describe('the page', () => {
    it('GET /debug serves the page with a same-origin-only CSP', async () => {
      const res = await fetch(`${server.url}/debug`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      const html = await res.text();
      expect(html).toContain('/debug/assets/app.js');
      // Every URL the page names is on this origin.
      const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
      for (const url of urls) expect(url.startsWith('/') || url.startsWith('data:')).toBe(true);
    });

    it('serves its assets with their types, and nothing outside the page directory', async () => {
      const js = await fetch(`${server.url}/debug/assets/app.js`);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(await js.text()).not.toMatch(/https?:\/\//);
      expect((await fetch(`${server.url}/debug/assets/debug.css`)).headers.get('content-type')).toMatch(/^text\/css/);
      await expectProblem(await fetch(`${server.url}/debug/assets/nope.js`), 404, 'NOT_FOUND');
      await expectProblem(await fetch(`${server.url}/debug/assets/..%2F..%2Fdebug-routes.ts`), 404, 'NOT_FOUND');
      await expectProblem(await fetch(`${server.url}/debug/assets/trace-store.ts`), 404, 'NOT_FOUND');
    });

    it('GET /debug/graph.json is the laid-out statechart', async () => {
      const res = await fetch(`${server.url}/debug/graph.json`);
      expect(res.status).toBe(200);
      const graph = (await res.json()) as { states: { key: string }[]; links: { id: string }[] };
      expect(graph.states.map((s) => s.key).sort()).toEqual(['cancelled', 'complete', 'failed', 'initiated', 'partial', 'running']);
      expect(graph.links.map((l) => l.id)).toContain('scan.initiated->scan.running');
    });
  });
});
