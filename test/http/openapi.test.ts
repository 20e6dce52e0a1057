// /openapi.json is a valid OpenAPI 3.1 document generated from the route schemas, and lists every route the app serves.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './support/harness.js';

let h: Harness;
let doc: { openapi: string; paths: Record<string, Record<string, unknown>>; components: Record<string, Record<string, unknown>> };

beforeAll(async () => {
  h = createHarness({}, { traces: true });
  const res = await h.app.request('/openapi.json');
  expect(res.status).toBe(200);
  doc = (await res.json()) as typeof doc;
});
afterAll(() => h.close());

/** Every route the app answers, in OpenAPI path syntax ({id}), from hono's own route table. */
function servedRoutes(): string[] {
  const routes = new Set<string>();
  for (const { method, path } of h.app.routes) {
    if (method === 'ALL' || path.endsWith('*')) continue; // middleware
    routes.add(`${method.toLowerCase()} ${path.replace(/:([A-Za-z_]+)/g, '{$1}')}`);
  }
  return [...routes].sort();
}

describe('GET /openapi.json', () => {
  it('is valid OpenAPI 3.1', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('lists every route the app serves, the visualizer routes included', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
    expect(documented.sort()).toEqual(servedRoutes());
    for (const route of ['post /v1/scans', 'get /v1/scans/{id}/events', 'get /v1/scans/{id}/trace', 'get /api/v1/opportunities/status/{scan_id}', 'get /metrics']) {
      expect(documented).toContain(route);
    }
  });

  it('documents the request schema the routes validate with, and problem+json errors', () => {
    const body = doc.components.schemas?.ScanRequest as { properties: Record<string, { maximum?: number }>; additionalProperties?: boolean };
    expect(Object.keys(body.properties).sort()).toEqual(['budgetMs', 'force', 'portfolio', 'strategies', 'strategyTimeoutMs', 'symbols']);
    expect(body.properties.budgetMs?.maximum).toBe(60_000);
    expect(body.additionalProperties).toBe(false);
    const post = doc.paths['/v1/scans']?.post as { responses: Record<string, { content?: Record<string, unknown> }> };
    expect(Object.keys(post.responses).sort()).toEqual(['202', '400', '401', '413', '415', '429', '503']);
    expect(Object.keys(post.responses['429']?.content ?? {})).toEqual(['application/problem+json']);
    expect(doc.components.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});

describe('GET /openapi.json: security follows the mode', () => {
  const securityOf = (document: typeof doc): unknown[] =>
    Object.values(document.paths).flatMap((item) => Object.values(item).map((operation) => (operation as { security?: unknown }).security)).filter((s) => s !== undefined);

  it('in dev mode (no tokens) no route requires credentials: X-User-Id is optional', async () => {
    const security = securityOf(doc);
    expect(security.length).toBeGreaterThan(10);
    for (const requirement of security) expect(requirement).toEqual([{}, { devUser: [] }]);
    expect(doc.components.securitySchemes?.devUser).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-User-Id' });
    expect(doc.paths['/healthz']?.get).not.toHaveProperty('security');
  });

  it('with tokens every /v1 route requires the bearer token, and the document is valid OpenAPI 3.1', async () => {
    const withTokens = createHarness({ SCANNER_TOKENS: 'tok-doc:alice' }, { traces: true });
    try {
      const tokensDoc = (await (await withTokens.app.request('/openapi.json')).json()) as typeof doc;
      const security = securityOf(tokensDoc);
      expect(security.length).toBe(securityOf(doc).length);
      for (const requirement of security) expect(requirement).toEqual([{ bearerAuth: [] }]);
      expect(tokensDoc.components.securitySchemes).not.toHaveProperty('devUser');
      const result = await new Validator().validate(tokensDoc);
      expect(result.errors ?? []).toEqual([]);
    } finally {
      await withTokens.close();
    }
  });
});
