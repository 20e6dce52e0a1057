// scanner_http_request_duration_seconds is labelled with the route the request matched — also when a middleware
// (auth) or a validator refuses it — and `unmatched` when no route matches; never with a raw id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/harness.js';

let h: Harness;
beforeAll(() => {
  h = createHarness();
});
afterAll(() => h.close());

/** Request counts by "METHOD route status". */
async function counts(): Promise<Record<string, number>> {
  const { values } = await h.metrics.httpDuration.get();
  const out: Record<string, number> = {};
  for (const v of values) {
    if (v.metricName !== 'scanner_http_request_duration_seconds_count') continue;
    out[`${v.labels.method} ${v.labels.route} ${v.labels.status}`] = v.value;
  }
  return out;
}

const JSON_CT = { 'Content-Type': 'application/json' };

describe('route labels', () => {
  it('labels each request with its matched route, whichever part of the chain answered', async () => {
    const requests: [string, RequestInit][] = [
      ['/v1/scans', { method: 'POST', headers: JSON_CT, body: '{"budgetMs": "soon"}' }], // validator: 400
      ['/v1/scans', { method: 'POST', headers: JSON_CT, body: '{bad' }], // route middleware (json-body): 400
      ['/v1/scans', { method: 'POST', headers: { ...JSON_CT, 'X-User-Id': 'not valid!' }, body: '{}' }], // auth on /v1/*: 400
      ['/v1/scans/V1StGXR8_Z5jdHi6B-myT', {}], // handler: 404 SCAN_NOT_FOUND
      ['/v1/scans/V1StGXR8_Z5jdHi6B-myT?waitMs=0x10', {}], // validator: 400
      ['/api/v1/opportunities/discover', { method: 'POST', headers: JSON_CT, body: '[]' }],
      ['/v1/nothing', {}], // only the /v1/* middleware matches
      ['/v1/scans', { method: 'PUT' }], // a known path, another method: 405
      ['/nowhere', {}],
    ];
    for (const [path, init] of requests) await h.app.request(path, init);
    expect(await counts()).toEqual({
      'POST /v1/scans 400': 3,
      'GET /v1/scans/:id 404': 1,
      'GET /v1/scans/:id 400': 1,
      'POST /api/v1/opportunities/discover 400': 1,
      'GET unmatched 404': 2,
      'PUT unmatched 405': 1,
    });
  });
});
