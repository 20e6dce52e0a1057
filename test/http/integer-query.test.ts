// Integer query parameters (waitMs, version, limit) are decimal digits only: '' or '0x10' is refused (see malformed.test.ts),
// plain digits — leading zeros too — are read as the decimal integer they spell, and /openapi.json says integer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, createHarness, jsonInit, waitForFinal, type Harness } from './support/harness.js';

let h: Harness;
let id: string;
beforeAll(async () => {
  h = createHarness();
  for (let i = 0; i < 3; i++) {
    const res = await h.app.request('/v1/scans', asUser('digits', jsonInit('POST', { strategies: ['fast'], force: true })));
    id = ((await res.json()) as { id: string }).id;
    await waitForFinal(h.service.registry, id);
  }
});
afterAll(() => h.close());

const get = (path: string): Promise<Response> => Promise.resolve(h.app.request(path, asUser('digits')));

describe('integer query parameters', () => {
  it('limit: digits, leading zeros allowed; absent → 20', async () => {
    const count = async (query: string) => ((await (await get(`/v1/scans${query}`)).json()) as { scans: unknown[] }).scans.length;
    expect(await count('?limit=2')).toBe(2);
    expect(await count('?limit=002')).toBe(2);
    expect(await count('')).toBe(3);
  });

  it('waitMs and version: digits; a final scan answers at once', async () => {
    const res = await get(`/v1/scans/${id}?waitMs=00050&version=0`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toBe(id);
  });

  it('are documented as bounded integers', async () => {
    const doc = (await (await h.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; schema: Record<string, unknown> }[] }>>;
    };
    const params = [...(doc.paths['/v1/scans/{id}']?.get?.parameters ?? []), ...(doc.paths['/v1/scans']?.get?.parameters ?? [])];
    const schema = (name: string) => params.find((p) => p.name === name)?.schema;
    expect(schema('waitMs')).toMatchObject({ type: 'integer', minimum: 0, maximum: 30_000 });
    expect(schema('version')).toMatchObject({ type: 'integer', minimum: 0 });
    expect(schema('limit')).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 20 });
  });
});
