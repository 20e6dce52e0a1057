// The throughput suite compares a 304 with hello world behind as many pass-through middlewares as the status route has
// (bench/lib/servers.ts): that count must be the app's own, or the anchor stops being the same layering.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { STATUS_ROUTE_MIDDLEWARES } from '../../bench/lib/servers.js';
import { createHarness, type Harness } from '../http/support/harness.js';

let h: Harness;
beforeAll(() => {
  h = createHarness();
});
afterAll(() => h.close());

it('the chained hello world has as many middlewares as GET /v1/scans/:id', () => {
  const [handlers] = h.app.router.match('GET', '/v1/scans/V1StGXR8_Z5jdHi6B-myT');
  // Every matched handler but the route's own is a middleware in front of it.
  expect(handlers.length - 1).toBe(STATUS_ROUTE_MIDDLEWARES);
});
