// Malformed requests: each gets the right 4xx as application/problem+json with a stable code, and the service stays
// healthy afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, fixtureInfo, type Harness } from './support/harness.js';

const ALICE = 'Bearer tok-alice-123';
let h: Harness;
let dev: Harness;

beforeAll(() => {
  h = createHarness({ SCANNER_TOKENS: 'tok-alice-123:alice,tok-bob-456:bob' });
  dev = createHarness();
});
afterAll(async () => {
  await h.close();
  await dev.close();
});

interface Case {
  name: string;
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
  status: number;
  code: string;
}

const json = (value: unknown): string => JSON.stringify(value);
const JSON_CT = { 'Content-Type': 'application/json' };
const many = (n: number, prefix: string): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

const postCases: Case[] = [
  { name: 'syntax error', body: '{bad', status: 400, code: 'INVALID_JSON' },
  { name: 'truncated JSON', body: '{"strategies": [', status: 400, code: 'INVALID_JSON' },
  { name: 'empty body declared as JSON', body: '', status: 400, code: 'INVALID_JSON' },
  { name: 'array body', body: '[]', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'string body', body: '"scan please"', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'null body', body: 'null', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'strategies not an array', body: json({ strategies: 'fast' }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'strategies empty', body: json({ strategies: [] }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'strategy id not a string', body: json({ strategies: [1] }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'duplicate strategies', body: json({ strategies: ['fast', 'fast'] }), status: 400, code: 'VALIDATION_FAILED' },
  { name: '15 strategies', body: json({ strategies: many(15, 's') }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'unknown strategy', body: json({ strategies: ['fast', 'moon_phase'] }), status: 400, code: 'UNKNOWN_STRATEGY' },
  { name: 'budgetMs as a string', body: json({ budgetMs: '1000' }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'budgetMs below 100', body: json({ budgetMs: 99 }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'budgetMs above 60000', body: json({ budgetMs: 60_001 }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'budgetMs not an integer', body: json({ budgetMs: 1500.5 }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'strategyTimeoutMs below 50', body: json({ strategyTimeoutMs: 49 }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'strategyTimeoutMs above 60000', body: json({ strategyTimeoutMs: 60_001 }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'symbols empty', body: json({ symbols: [] }), status: 400, code: 'VALIDATION_FAILED' },
  { name: '1001 symbols', body: json({ symbols: many(1001, 'X') }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'unknown symbol', body: json({ symbols: ['AAA', 'NOPE-USD'] }), status: 400, code: 'UNKNOWN_SYMBOL' },
  { name: 'portfolio not an object', body: json({ portfolio: [1, 2] }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'portfolio amount not a number', body: json({ portfolio: { AAA: 'lots' } }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'portfolio symbol not in the market', body: json({ portfolio: { AAA: 1, 'NOPE-USD': 2 } }), status: 400, code: 'UNKNOWN_SYMBOL' },
  { name: 'portfolio units 1e308', body: '{"portfolio": {"AAA": 1e308}}', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'portfolio units below -1e12', body: json({ portfolio: { AAA: -1.5e12 } }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'portfolio __proto__ key', body: '{"portfolio": {"__proto__": {"polluted": 1}, "AAA": 1}}', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'portfolio constructor key', body: '{"portfolio": {"constructor": 1}}', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'portfolio prototype key', body: '{"portfolio": {"prototype": 1}}', status: 400, code: 'VALIDATION_FAILED' },
  { name: '__proto__ at the top level', body: '{"__proto__": {"force": true}}', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'force not a boolean', body: json({ force: 'yes' }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'unknown field', body: json({ strategies: ['fast'], priority: 'high' }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'body over 64 KiB', body: json({ symbols: ['x'.repeat(70 * 1024)] }), status: 413, code: 'PAYLOAD_TOO_LARGE' },
  { name: 'text/plain body', body: '{}', headers: { 'Content-Type': 'text/plain' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'form body', body: 'budgetMs=1000', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'body without Content-Type', body: '{}', headers: { 'Content-Type': '' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'gzip Content-Encoding', body: '{}', headers: { 'Content-Encoding': 'gzip' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'br, identity Content-Encoding', body: '{}', headers: { 'Content-Encoding': 'br, identity' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
];

const readCases: Case[] = [
  { name: 'encoded path traversal id', path: '/v1/scans/..%2F..%2Fetc%2Fpasswd', status: 404, code: 'SCAN_NOT_FOUND' },
  { name: 'dot-dot id', path: '/v1/scans/..', status: 404, code: 'NOT_FOUND' },
  { name: 'id with shell characters', path: '/v1/scans/abc$def;rm', status: 404, code: 'SCAN_NOT_FOUND' },
  { name: 'id over 64 characters', path: `/v1/scans/${'a'.repeat(65)}`, status: 404, code: 'SCAN_NOT_FOUND' },
  { name: 'unknown id', path: '/v1/scans/V1StGXR8_Z5jdHi6B-myT', status: 404, code: 'SCAN_NOT_FOUND' },
  { name: 'events of an unknown id', path: '/v1/scans/V1StGXR8_Z5jdHi6B-myT/events', status: 404, code: 'SCAN_NOT_FOUND' },
  { name: 'cancel of an unknown id', method: 'DELETE', path: '/v1/scans/V1StGXR8_Z5jdHi6B-myT', status: 404, code: 'SCAN_NOT_FOUND' },
  { name: 'negative waitMs', path: '/v1/scans/abc?waitMs=-1', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'waitMs above 30000', path: '/v1/scans/abc?waitMs=30001', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'waitMs not a number', path: '/v1/scans/abc?waitMs=soon', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'negative version', path: '/v1/scans/abc?waitMs=10&version=-5', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'empty waitMs', path: '/v1/scans/abc?waitMs=', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'hexadecimal waitMs', path: '/v1/scans/abc?waitMs=0x10', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'exponent waitMs', path: '/v1/scans/abc?waitMs=1e3', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'signed waitMs', path: '/v1/scans/abc?waitMs=%2B5', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'waitMs with a space', path: '/v1/scans/abc?waitMs=%205', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'fractional version', path: '/v1/scans/abc?waitMs=10&version=1.0', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'hexadecimal version', path: '/v1/scans/abc?waitMs=10&version=0x1', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'version beyond a safe integer', path: '/v1/scans/abc?waitMs=10&version=9007199254740993', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'list limit 0', path: '/v1/scans?limit=0', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'list limit 101', path: '/v1/scans?limit=101', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'empty list limit', path: '/v1/scans?limit=', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'hexadecimal list limit', path: '/v1/scans?limit=0x10', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'unknown route', path: '/v2/scans', status: 404, code: 'NOT_FOUND' },
  { name: 'unsupported method on a known path', method: 'PUT', path: '/v1/scans', status: 405, code: 'METHOD_NOT_ALLOWED' },
];

const authCases: Case[] = [
  { name: 'missing token', path: '/v1/scans', headers: { Authorization: '' }, status: 401, code: 'UNAUTHORIZED' },
  { name: 'unknown token', path: '/v1/scans', headers: { Authorization: 'Bearer not-a-token' }, status: 401, code: 'UNAUTHORIZED' },
  { name: 'Basic scheme', path: '/v1/scans', headers: { Authorization: 'Basic YWxpY2U6cHc=' }, status: 401, code: 'UNAUTHORIZED' },
  { name: 'Bearer without token', path: '/v1/strategies', headers: { Authorization: 'Bearer ' }, status: 401, code: 'UNAUTHORIZED' },
  { name: 'token on the compat route', path: '/api/v1/opportunities/status/abc', headers: { Authorization: 'Bearer nope' }, status: 401, code: 'UNAUTHORIZED' },
  { name: 'X-User-Id is ignored when tokens are configured', path: '/v1/scans', headers: { Authorization: '', 'X-User-Id': 'alice' }, status: 401, code: 'UNAUTHORIZED' },
];

function request(app: Harness['app'], c: Case): Promise<Response> {
  const headers: Record<string, string> = { Authorization: ALICE, ...(c.body !== undefined ? JSON_CT : {}), ...c.headers };
  for (const [key, value] of Object.entries(headers)) if (value === '') delete headers[key];
  const method = c.method ?? (c.body !== undefined ? 'POST' : 'GET');
  // A string body gets an implicit text/plain Content-Type; bytes get none.
  const body = c.body !== undefined && headers['Content-Type'] === undefined ? new TextEncoder().encode(c.body) : c.body;
  return Promise.resolve(app.request(c.path ?? '/v1/scans', { method, headers, body }));
}

async function expectProblem(res: Response, c: Case): Promise<Record<string, unknown>> {
  expect({ name: c.name, status: res.status }).toEqual({ name: c.name, status: c.status });
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status: c.status, code: c.code, type: `https://opportunity-scanner.dev/problems/${c.code.toLowerCase().replaceAll('_', '-')}` });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  return body;
}

describe('malformed requests', () => {
  it('covers at least 30 cases', () => {
    expect(postCases.length + readCases.length + authCases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(postCases)('POST /v1/scans: $name → $status $code', async (c) => {
    const body = await expectProblem(await request(h.app, c), c);
    if (c.code === 'VALIDATION_FAILED') expect(Array.isArray(body.errors)).toBe(true);
    if (c.code === 'UNKNOWN_STRATEGY') expect(body.validStrategies).toEqual(fixtureInfo.map((s) => s.id));
    if (c.code === 'UNKNOWN_SYMBOL') expect(body.unknownSymbols).toEqual(['NOPE-USD']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(readCases)('$name → $status $code', async (c) => {
    await expectProblem(await request(h.app, c), c);
  });

  it.each(authCases)('$name → 401 with WWW-Authenticate: Bearer', async (c) => {
    const res = await request(h.app, c);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectProblem(res, c);
  });

  it('dev mode: an invalid X-User-Id → 400 INVALID_USER_ID; none → anonymous', async () => {
    const c: Case = { name: 'bad X-User-Id', path: '/v1/scans', status: 400, code: 'INVALID_USER_ID' };
    await expectProblem(await dev.app.request('/v1/scans', { headers: { 'X-User-Id': 'alice smith/..' } }), c);
    await expectProblem(await dev.app.request('/v1/scans', { headers: { 'X-User-Id': 'x'.repeat(65) } }), c);
    const res = await dev.app.request('/v1/scans', { method: 'POST', headers: JSON_CT, body: json({ strategies: ['fast'] }) });
    expect(((await res.json()) as { userId: string }).userId).toBe('anonymous');
  });

  it('compat discover with malformed JSON → 400 problem; compat status of an unknown id → 404 legacy shape', async () => {
    await expectProblem(await request(h.app, { name: 'compat bad json', path: '/api/v1/opportunities/discover', body: '{', status: 400, code: 'INVALID_JSON' }), {
      name: 'compat bad json',
      status: 400,
      code: 'INVALID_JSON',
    });
    const res = await h.app.request('/api/v1/opportunities/status/nope', { headers: { Authorization: ALICE } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ success: false, status: 'not_found' });
  });

  it('leaves the service healthy and serving', async () => {
    expect((await h.app.request('/healthz')).status).toBe(200);
    const res = await h.app.request('/v1/scans', { method: 'POST', headers: { ...JSON_CT, Authorization: ALICE }, body: json({ strategies: ['fast'] }) });
    expect(res.status).toBe(202);
    expect(h.service.registry.activeCount + h.service.registry.retainedCount).toBe(1);
  });
});
