// The contract test: every route the app serves answers as /openapi.json says — each documented status is produced by
// a real request over a socket, its Content-Type is one documented for that status (problem+json for errors), and its
// body validates against the documented schema. A route without cases, or a documented status no case produces, fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { Contract, loadContract, mediaTypeOf, PROBLEM_MEDIA_TYPE, type RouteKey } from './support/contract.js';
import { createHarness, listen, type Harness, type Listening } from './support/harness.js';
import { OpenApiValidator, recordExchange, type Exchange } from './support/openapi-validator.js';

/** One app on a real socket (port 0), with helpers that speak its API. */
class Server {
  readonly h: Harness;
  readonly #listening: Listening;

  private constructor(h: Harness, listening: Listening) {
    this.h = h;
    this.#listening = listening;
  }

  static async start(env: Record<string, string>): Promise<Server> {
    const h = createHarness({ SCANNER_THREADS: '2', ...env }, { traces: true });
    return new Server(h, await listen(h));
  }

  get url(): string {
    return this.#listening.url;
  }

  request(path: string, init: RequestInit = {}): Promise<Response> {
    const sent = fetch(`${this.url}${path}`, init);
    this.exchanges.push(sent.then((res) => recordExchange(path, init, res)));
    return sent;
  }

  /** Every request this server was sent, with its answer: what the independent validator checks at the end. */
  readonly exchanges: Promise<Exchange>[] = [];

  get(path: string, user?: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { headers: { ...userHeader(user), ...headers } });
  }

  post(path: string, body: unknown, user?: string): Promise<Response> {
    return this.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...userHeader(user) } });
  }

  delete(path: string, user?: string): Promise<Response> {
    return this.request(path, { method: 'DELETE', headers: userHeader(user) });
  }

  /** Starts a scan (setup, not a case): its 202 snapshot. */
  async scan(user: string, body: Record<string, unknown>): Promise<ScanSnapshot> {
    const res = await this.post('/v1/scans', { force: true, ...body }, user);
    if (res.status !== 202) throw new Error(`setup: POST /v1/scans answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as ScanSnapshot;
  }

  /** Long-polls the scan until `done` holds for it (setup, not a case). */
  async until(id: string, user: string, done: (scan: ScanSnapshot) => boolean): Promise<ScanSnapshot> {
    for (let version = 0; ; ) {
      const res = await this.get(`/v1/scans/${id}?waitMs=5000&version=${version}`, user);
      const snapshot = (await res.json()) as ScanSnapshot;
      if (done(snapshot)) return snapshot;
      if (snapshot.done) throw new Error(`setup: scan ${id} ended ${snapshot.state}`);
      version = snapshot.version;
    }
  }

  async close(): Promise<void> {
    await this.#listening.close();
    await this.h.close();
  }
}

const userHeader = (user: string | undefined): Record<string, string> => (user === undefined ? {} : { 'X-User-Id': user });

/** Strategies that finish in a few ms, on one symbol. */
const QUICK = { strategies: ['fast', 'fast_b'], symbols: ['AAA'], budgetMs: 10_000 };
/** A scan that holds a worker thread until cancelled (`cooperative` runs until told to stop). */
const LIVE = { strategies: ['cooperative'], budgetMs: 30_000, strategyTimeoutMs: 30_000 };
/** A cheap scan that waits, unchanged, while the one thread is held. */
const WAITING = { strategies: ['fast'], symbols: ['AAA'], budgetMs: 30_000 };
/** Fails X-User-Id's pattern (dev mode): 400 INVALID_USER_ID on every route behind auth. */
const BAD_USER = 'not a user!';
const UNKNOWN_ID = 'V1StGXR8_Z5jdHi6B-myT';

interface Servers {
  /** Dev mode (X-User-Id), default bounds. */
  dev: Server;
  /** SCANNER_TOKENS set: every request here sends no token. */
  tokens: Server;
  /**
   * Bounds of one running and one queued scan and one event stream, all taken: its one thread runs a scan until the
   * end (its event stream held open), and a second scan waits behind it.
   */
  busy: Server;
  /** Shutdown has begun. */
  shutdown: Server;
}

/** Scans prepared before the cases run. */
interface Scans {
  /** alice's final scan. */
  done: ScanSnapshot;
  /** On the busy server: the scan that runs until the end, its event stream held open. */
  running: ScanSnapshot;
  /** On the busy server: the scan waiting for the thread (it does not change). */
  waiting: ScanSnapshot;
}

interface Case {
  status: number;
  /** The problem `code` an error must carry. */
  code?: string;
  /** The request, as the contract would say it. */
  when: string;
  send(servers: Servers, scans: Scans): Promise<Response>;
  /** Further promises the contract makes about this answer. */
  expect?(headers: Headers, body: unknown): void;
  /** A known mismatch between the server and /openapi.json: the case is expected to fail until it is fixed. */
  drift?: string;
}

const post413 = (server: Server, path: string): Promise<Response> =>
  server.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ force: true, pad: 'x'.repeat(70_000) }) });

const post415 = (server: Server, path: string): Promise<Response> =>
  server.request(path, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'strategies=fast' });

const unauthorized = (path: string, method = 'GET'): Case => ({
  status: 401,
  code: 'UNAUTHORIZED',
  when: 'tokens are configured and no bearer token is sent',
  send: ({ tokens }) => tokens.request(path, { method, ...(method === 'POST' ? { headers: { 'Content-Type': 'application/json' }, body: '{}' } : {}) }),
  expect: (headers) => expect(headers.get('www-authenticate')).toMatch(/^Bearer/),
});

const invalidUser = (path: string, method = 'GET'): Case => ({
  status: 400,
  code: 'INVALID_USER_ID',
  when: 'X-User-Id is not 1–64 of [A-Za-z0-9_.-] (dev mode)',
  send: ({ dev }) => dev.request(path, { method, headers: { 'X-User-Id': BAD_USER } }),
});

const scanPath = (scans: Scans, suffix = ''): string => `/v1/scans/${scans.done.id}${suffix}`;

/** Every route the app serves, with a request for every status it documents. Cases run in this order. */
const CASES: Record<RouteKey, Case[]> = {
  'post /v1/scans': [
    {
      status: 202,
      when: 'a new scan is started',
      send: ({ dev }) => dev.post('/v1/scans', QUICK, 'frank'),
      expect: (headers, body) => {
        const scan = body as ScanSnapshot;
        expect(scan.state).toBe('initiated');
        expect(headers.get('location')).toBe(`/v1/scans/${scan.id}`);
        expect(Number(headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      },
    },
    {
      status: 202,
      when: 'the caller already has a scan that is not final (reused, even at capacity)',
      send: ({ busy }, { waiting }) => busy.post('/v1/scans', QUICK, waiting.userId),
      expect: (headers) => expect(headers.get('scan-reused')).toBe('true'),
    },
    { status: 400, code: 'VALIDATION_FAILED', when: 'the body has an unknown field', send: ({ dev }) => dev.post('/v1/scans', { colour: 'red' }, 'frank') },
    { status: 400, code: 'VALIDATION_FAILED', when: 'strategies repeat', send: ({ dev }) => dev.post('/v1/scans', { strategies: ['fast', 'fast'] }, 'frank') },
    {
      status: 400,
      code: 'INVALID_JSON',
      when: 'the body is not JSON',
      send: ({ dev }) => dev.request('/v1/scans', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"strategies":' }),
    },
    {
      status: 400,
      code: 'UNKNOWN_STRATEGY',
      when: 'a strategy is not in the catalogue',
      send: ({ dev }) => dev.post('/v1/scans', { strategies: ['no_such_strategy'] }, 'frank'),
      expect: (_headers, body) => expect((body as { validStrategies: string[] }).validStrategies).toContain('fast'),
    },
    {
      status: 400,
      code: 'UNKNOWN_SYMBOL',
      when: 'a symbol is not in the loaded market',
      send: ({ dev }) => dev.post('/v1/scans', { symbols: ['ZZZ-USD'] }, 'frank'),
      expect: (_headers, body) => expect((body as { unknownSymbols: string[] }).unknownSymbols).toEqual(['ZZZ-USD']),
    },
    invalidUser('/v1/scans', 'POST'),
    unauthorized('/v1/scans', 'POST'),
    { status: 413, code: 'PAYLOAD_TOO_LARGE', when: 'the body is over 64 KiB', send: ({ dev }) => post413(dev, '/v1/scans') },
    { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', when: 'the body is not application/json', send: ({ dev }) => post415(dev, '/v1/scans') },
    {
      status: 429,
      code: 'SCAN_CAPACITY',
      when: 'running + queued scans are at their bounds',
      send: ({ busy }) => busy.post('/v1/scans', QUICK, 'third'),
      expect: (headers) => expect(Number(headers.get('retry-after'))).toBeGreaterThanOrEqual(1),
    },
    { status: 503, code: 'SHUTTING_DOWN', when: 'shutdown has begun', send: ({ shutdown }) => shutdown.post('/v1/scans', QUICK, 'frank') },
  ],

  'get /v1/scans': [
    {
      status: 200,
      when: "the caller's scans are listed",
      send: ({ dev }) => dev.get('/v1/scans?limit=5', 'alice'),
      expect: (_headers, body) => expect((body as { scans: unknown[] }).scans.length).toBeGreaterThan(0),
    },
    { status: 400, code: 'VALIDATION_FAILED', when: 'limit is out of range', send: ({ dev }) => dev.get('/v1/scans?limit=0', 'alice') },
    unauthorized('/v1/scans'),
  ],

  'get /v1/scans/{id}': [
    {
      status: 200,
      when: 'the scan is read',
      send: ({ dev }, scans) => dev.get(scanPath(scans), 'alice'),
      expect: (headers, body) => {
        const scan = body as ScanSnapshot;
        expect(headers.get('etag')).toBe(`"${scan.id}-${scan.version}"`);
        expect(headers.get('cache-control')).toBe('no-store');
      },
    },
    {
      status: 200,
      when: 'a long-poll (waitMs, version) ends without a change',
      send: ({ busy }, { waiting }) => busy.get(`/v1/scans/${waiting.id}?waitMs=200&version=${waiting.version}`, waiting.userId),
      expect: (headers) => expect(headers.get('retry-after')).toBe('1'),
    },
    {
      status: 304,
      when: 'If-None-Match is the current ETag',
      send: ({ dev }, { done }) => dev.get(`/v1/scans/${done.id}`, 'alice', { 'If-None-Match': `"${done.id}-${done.version}"` }),
    },
    {
      status: 304,
      when: 'a long-poll with If-None-Match ends without a change',
      send: ({ busy }, { waiting }) => busy.get(`/v1/scans/${waiting.id}?waitMs=200`, waiting.userId, { 'If-None-Match': `"${waiting.id}-${waiting.version}"` }),
    },
    { status: 400, code: 'VALIDATION_FAILED', when: 'waitMs is not an integer', send: ({ dev }, scans) => dev.get(scanPath(scans, '?waitMs=soon'), 'alice') },
    { status: 400, code: 'VALIDATION_FAILED', when: 'waitMs is over 30000', send: ({ dev }, scans) => dev.get(scanPath(scans, '?waitMs=30001'), 'alice') },
    unauthorized(`/v1/scans/${UNKNOWN_ID}`),
    { status: 404, code: 'SCAN_NOT_FOUND', when: 'the id never existed', send: ({ dev }) => dev.get(`/v1/scans/${UNKNOWN_ID}`, 'alice') },
    { status: 404, code: 'SCAN_NOT_FOUND', when: "the scan is another user's", send: ({ dev }, scans) => dev.get(scanPath(scans), 'mallory') },
    { status: 404, code: 'SCAN_NOT_FOUND', when: 'the id is malformed', send: ({ dev }) => dev.get('/v1/scans/not%20an%20id', 'alice') },
  ],

  'delete /v1/scans/{id}': [
    {
      status: 202,
      when: 'a scan that is not final is cancelled',
      send: async ({ dev }) => dev.delete(`/v1/scans/${(await dev.scan('erin', LIVE)).id}`, 'erin'),
      expect: (_headers, body) => expect((body as ScanSnapshot).state).toBe('cancelled'),
    },
    { status: 200, when: 'the scan is already final (nothing changes)', send: ({ dev }, scans) => dev.delete(scanPath(scans), 'alice') },
    invalidUser(`/v1/scans/${UNKNOWN_ID}`, 'DELETE'),
    unauthorized(`/v1/scans/${UNKNOWN_ID}`, 'DELETE'),
    { status: 404, code: 'SCAN_NOT_FOUND', when: "the scan is another user's", send: ({ dev }, scans) => dev.delete(scanPath(scans), 'mallory') },
  ],

  'get /v1/scans/{id}/events': [
    { status: 200, when: 'the scan is streamed', send: ({ dev }, scans) => dev.get(scanPath(scans, '/events'), 'alice') },
    invalidUser(`/v1/scans/${UNKNOWN_ID}/events`),
    unauthorized(`/v1/scans/${UNKNOWN_ID}/events`),
    { status: 404, code: 'SCAN_NOT_FOUND', when: "the scan is another user's", send: ({ dev }, scans) => dev.get(scanPath(scans, '/events'), 'mallory') },
    {
      status: 429,
      code: 'STREAM_CAPACITY',
      when: 'SCANNER_MAX_SSE_CLIENTS streams are open',
      send: ({ busy }, { running }) => busy.get(`/v1/scans/${running.id}/events`, running.userId),
    },
  ],

  'get /v1/scans/{id}/trace': [
    {
      status: 200,
      when: "the scan's trace is read",
      send: ({ dev }, scans) => dev.get(scanPath(scans, '/trace'), 'alice'),
      expect: (_headers, body) => expect((body as unknown[]).length).toBeGreaterThan(0),
    },
    invalidUser(`/v1/scans/${UNKNOWN_ID}/trace`),
    unauthorized(`/v1/scans/${UNKNOWN_ID}/trace`),
    { status: 404, code: 'SCAN_NOT_FOUND', when: "the scan is another user's", send: ({ dev }, scans) => dev.get(scanPath(scans, '/trace'), 'mallory') },
  ],

  'get /v1/scans/{id}/inspect': [
    { status: 200, when: "the scan's trace is streamed", send: ({ dev }, scans) => dev.get(scanPath(scans, '/inspect'), 'alice') },
    invalidUser(`/v1/scans/${UNKNOWN_ID}/inspect`),
    unauthorized(`/v1/scans/${UNKNOWN_ID}/inspect`),
    { status: 404, code: 'SCAN_NOT_FOUND', when: "the scan is another user's", send: ({ dev }, scans) => dev.get(scanPath(scans, '/inspect'), 'mallory') },
    {
      status: 429,
      code: 'STREAM_CAPACITY',
      when: 'SCANNER_MAX_SSE_CLIENTS streams are open',
      send: ({ busy }, { running }) => busy.get(`/v1/scans/${running.id}/inspect`, running.userId),
    },
  ],

  'get /v1/strategies': [
    {
      status: 200,
      when: 'the catalogue is read',
      send: ({ dev }) => dev.get('/v1/strategies'),
      expect: (_headers, body) => expect((body as { strategies: { id: string }[] }).strategies.map((s) => s.id)).toContain('fast'),
    },
    invalidUser('/v1/strategies'),
    unauthorized('/v1/strategies'),
  ],

  'get /v1/machines/scan': [
    { status: 200, when: 'the scan statechart is read', send: ({ dev }) => dev.get('/v1/machines/scan'), expect: (_h, body) => expect(body).toHaveProperty('states') },
    invalidUser('/v1/machines/scan'),
    unauthorized('/v1/machines/scan'),
  ],

  'post /api/v1/opportunities/discover': [
    {
      status: 200,
      when: 'a scan is started (force_refresh)',
      send: ({ dev }) => dev.post('/api/v1/opportunities/discover', { ...QUICK, force_refresh: true }, 'gina'),
      expect: (_headers, body) => {
        const started = body as { scan_id: string; poll_url: string };
        expect(started.poll_url).toBe(`/api/v1/opportunities/status/${started.scan_id}`);
      },
    },
    { status: 400, code: 'VALIDATION_FAILED', when: 'the body has an unknown field', send: ({ dev }) => dev.post('/api/v1/opportunities/discover', { refresh: true }, 'gina') },
    { status: 400, code: 'UNKNOWN_STRATEGY', when: 'a strategy is not in the catalogue', send: ({ dev }) => dev.post('/api/v1/opportunities/discover', { strategies: ['nope'] }, 'gina') },
    unauthorized('/api/v1/opportunities/discover', 'POST'),
    { status: 413, code: 'PAYLOAD_TOO_LARGE', when: 'the body is over 64 KiB', send: ({ dev }) => post413(dev, '/api/v1/opportunities/discover') },
    { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', when: 'the body is not application/json', send: ({ dev }) => post415(dev, '/api/v1/opportunities/discover') },
    { status: 429, code: 'SCAN_CAPACITY', when: 'running + queued scans are at their bounds', send: ({ busy }) => busy.post('/api/v1/opportunities/discover', QUICK, 'third') },
    { status: 503, code: 'SHUTTING_DOWN', when: 'shutdown has begun', send: ({ shutdown }) => shutdown.post('/api/v1/opportunities/discover', QUICK, 'gina') },
  ],

  'get /api/v1/opportunities/status/{scan_id}': [
    {
      status: 200,
      when: 'a scan is read in the replaced service shape',
      send: ({ dev }, { done }) => dev.get(`/api/v1/opportunities/status/${done.id}`, 'alice'),
      expect: (_headers, body) => expect(body).toMatchObject({ success: true, status: 'complete' }),
    },
    invalidUser(`/api/v1/opportunities/status/${UNKNOWN_ID}`),
    unauthorized(`/api/v1/opportunities/status/${UNKNOWN_ID}`),
    {
      status: 404,
      when: "the scan is another user's (the replaced service's not_found body)",
      send: ({ dev }, { done }) => dev.get(`/api/v1/opportunities/status/${done.id}`, 'mallory'),
      expect: (_headers, body) => expect(body).toMatchObject({ success: false, status: 'not_found' }),
    },
  ],

  'get /healthz': [
    { status: 200, when: 'the service is serving', send: ({ dev }) => dev.get('/healthz') },
    { status: 503, when: 'shutdown has begun', send: ({ shutdown }) => shutdown.get('/healthz'), expect: (_h, body) => expect(body).toEqual({ status: 'shutting_down' }) },
  ],
  // Not-ready (503 NOT_READY) is covered in test/http/readyz.test.ts, where readiness is driven by hand.
  'get /readyz': [
    { status: 200, when: 'the service is ready (built before it serves, no warm start attached)', send: ({ dev }) => dev.get('/readyz') },
    { status: 503, code: 'SHUTTING_DOWN', when: 'shutdown has begun', send: ({ shutdown }) => shutdown.get('/readyz') },
  ],

  'get /metrics': [{ status: 200, when: 'metrics are scraped', send: ({ dev }) => dev.get('/metrics'), expect: (_h, body) => expect(body).toMatch(/^scanner_/m) }],

  'get /openapi.json': [{ status: 200, when: 'the document is read', send: ({ dev }) => dev.get('/openapi.json') }],

  'get /debug': [{ status: 200, when: 'the visualizer page is opened', send: ({ dev }) => dev.get('/debug') }],

  'get /debug/graph.json': [{ status: 200, when: 'the laid-out statechart is read', send: ({ dev }) => dev.get('/debug/graph.json') }],

  'get /debug/pool.json': [
    { status: 200, when: "the pool's recent activity is read", send: ({ dev }) => dev.get('/debug/pool.json?sinceMs=60000', 'alice') },
    { status: 400, code: 'VALIDATION_FAILED', when: 'sinceMs is out of range', send: ({ dev }) => dev.get('/debug/pool.json?sinceMs=0', 'alice') },
    invalidUser('/debug/pool.json'),
    unauthorized('/debug/pool.json'),
  ],

  'get /debug/assets/{name}': [
    {
      status: 200,
      when: "one of the page's files is read",
      send: ({ dev }) => dev.get('/debug/assets/debug.css'),
    },
    { status: 404, code: 'NOT_FOUND', when: 'no such file', send: ({ dev }) => dev.get('/debug/assets/missing.css') },
  ],
};

let servers: Servers;
let scans: Scans;
let contract: Contract;
/** Held open on the busy server, so that its one event stream is taken. */
const heldStream = new AbortController();

beforeAll(async () => {
  const idle = { SCANNER_THREADS: '1', SCANNER_SPARE_THREADS: '0' };
  const [dev, tokens, busy, shutdown] = await Promise.all([
    Server.start({}),
    Server.start({ ...idle, SCANNER_TOKENS: 'tok:alice' }),
    Server.start({ SCANNER_THREADS: '1', SCANNER_MAX_RUNNING_SCANS: '1', SCANNER_MAX_QUEUED_SCANS: '1', SCANNER_MAX_SSE_CLIENTS: '1' }),
    Server.start(idle),
  ]);
  servers = { dev, tokens, busy, shutdown };
  contract = await loadContract(dev.url);

  const done = await dev.scan('alice', QUICK);
  const running = await busy.scan('runner', LIVE);
  // A scan is queued until the worker starts it: the second scan needs the one queue slot.
  await busy.until(running.id, running.userId, (scan) => scan.state === 'running');
  const waiting = await busy.scan('waiter', WAITING);
  const stream = await fetch(`${busy.url}/v1/scans/${running.id}/events`, { headers: userHeader(running.userId), signal: heldStream.signal });
  if (stream.status !== 200) throw new Error(`setup: the held event stream answered ${stream.status}`);
  shutdown.h.lifecycle.beginShutdown();
  scans = {
    done: await dev.until(done.id, 'alice', (scan) => scan.done),
    running,
    waiting: (await (await busy.get(`/v1/scans/${waiting.id}`, waiting.userId)).json()) as ScanSnapshot,
  };
});

afterAll(async () => {
  heldStream.abort();
  await Promise.all(Object.values(servers ?? {}).map((server: Server) => server.close()));
});

/** Every route the app serves, in OpenAPI path syntax, from hono's own route table (as in openapi.test.ts). */
function servedRoutes(h: Harness): RouteKey[] {
  const routes = new Set<string>();
  for (const { method, path } of h.app.routes) {
    if (method === 'ALL' || path.endsWith('*')) continue; // middleware
    routes.add(`${method.toLowerCase()} ${path.replace(/:([A-Za-z_]+)/g, '{$1}')}`);
  }
  return [...routes].sort();
}

const METHOD_AND_PATH = (route: RouteKey): string => `${route.split(' ')[0]?.toUpperCase()} ${route.split(' ')[1]}`;

describe('the contract cases', () => {
  it('cover every route the app serves, and only routes /openapi.json documents', () => {
    expect(Object.keys(CASES).sort()).toEqual(servedRoutes(servers.dev.h));
    expect(Object.keys(CASES).sort()).toEqual(contract.routes().sort());
  });

  it('produce every status each route documents, and only documented statuses (known drift aside)', () => {
    const missing: string[] = [];
    const undocumented: string[] = [];
    for (const [route, cases] of Object.entries(CASES)) {
      const produced = new Set(cases.map((c) => c.status));
      for (const status of contract.statuses(route)) if (!produced.has(status)) missing.push(`${METHOD_AND_PATH(route)} ${status}`);
      for (const c of cases) {
        if (!c.drift && !contract.statuses(route).includes(c.status)) undocumented.push(`${METHOD_AND_PATH(route)} ${c.status}`);
      }
    }
    expect(missing).toEqual([]);
    expect(undocumented).toEqual([]);
  });
});

describe('/openapi.json', () => {
  it("documents every error as application/problem+json, except the replaced service's 404 and /healthz's 503", () => {
    const exceptions = ['get /api/v1/opportunities/status/{scan_id} 404', 'get /healthz 503'];
    const notProblem: string[] = [];
    for (const route of contract.routes()) {
      for (const status of contract.statuses(route).filter((s) => s >= 400)) {
        const types = contract.mediaTypes(route, status);
        if (!(types.length === 1 && types[0] === PROBLEM_MEDIA_TYPE) && !exceptions.includes(`${route} ${status}`)) {
          notProblem.push(`${METHOD_AND_PATH(route)} ${status}: ${types.join(', ') || 'no content'}`);
        }
      }
    }
    expect(notProblem).toEqual([]);
  });
});

for (const [route, cases] of Object.entries(CASES)) {
  describe(METHOD_AND_PATH(route), () => {
    for (const c of cases) {
      const title = `${c.status}${c.code ? ` ${c.code}` : ''} when ${c.when}${c.drift ? ` [known drift: ${c.drift}]` : ''}`;
      // Known drift is expected to fail: once fixed, this case fails until its `drift` note is removed.
      (c.drift ? it.fails : it)(title, async () => {
        const res = await c.send(servers, scans);
        const { violations, body } = await contract.check(route, res);
        expect(violations).toEqual([]);
        expect(res.status).toBe(c.status);
        if (res.status >= 400 && mediaTypeOf(res.headers.get('content-type')) === PROBLEM_MEDIA_TYPE) {
          expect((body as { code: string }).code).toBe(c.code);
        }
        c.expect?.(res.headers, body);
      });
    }
  });
}

describe('a route the app does not serve', () => {
  it('answers 404 NOT_FOUND as a problem+json that matches the Problem schema', async () => {
    const { violations, body } = await contract.checkProblem(await servers.dev.get('/v1/no-such-route', 'alice'));
    expect(violations).toEqual([]);
    expect(body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });
});

describe('the contract check itself', () => {
  const respond = (status: number, contentType: string, body: unknown): Response =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
  const problem = (status: number, code: string) => ({ type: `https://opportunity-scanner.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`, title: 't', status, detail: 'd', code });

  it('accepts a conforming answer', async () => {
    expect((await contract.check('get /v1/scans/{id}', respond(200, 'application/json; charset=utf-8', scans.done))).violations).toEqual([]);
  });

  it('flags a status the route does not document', async () => {
    const { violations } = await contract.check('get /healthz', respond(418, 'application/json', {}));
    expect(violations).toEqual([expect.stringContaining('GET /healthz → 418: status not documented')]);
  });

  it('flags a Content-Type the status does not document (an error that is not problem+json)', async () => {
    const { violations } = await contract.check('get /v1/scans/{id}', respond(404, 'application/json', problem(404, 'SCAN_NOT_FOUND')));
    expect(violations).toEqual([expect.stringContaining('Content-Type application/json not documented (documented: application/problem+json)')]);
  });

  it('flags every way a body differs from the schema', async () => {
    const { version: _version, ...rest } = scans.done;
    const { violations } = await contract.check('get /v1/scans/{id}', respond(200, 'application/json', { ...rest, state: 'paused', createdAt: 'yesterday' }));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain("must have required property 'version'");
    expect(violations[0]).toContain('/state must be equal to one of the allowed values');
    expect(violations[0]).toContain('/createdAt must match format "date-time"');
  });

  it('flags a problem whose status or type disagrees with the answer', async () => {
    const { violations } = await contract.check('get /v1/scans/{id}', respond(404, 'application/problem+json', { ...problem(400, 'SCAN_NOT_FOUND'), type: 'about:blank' }));
    expect(violations).toEqual([expect.stringContaining('problem status 400 differs'), expect.stringContaining('problem type about:blank is not')]);
  });

  it('flags a body where the route documents none', async () => {
    // A Response cannot be built with a 304 and a body (fetch forbids it); a server can still send one.
    const notModified = { status: 304, headers: new Headers({ 'Content-Type': 'application/json' }), body: null, text: async () => JSON.stringify(scans.done) };
    const { violations } = await contract.check('get /v1/scans/{id}', notModified as unknown as Response);
    expect(violations).toEqual([expect.stringContaining('304: documents no content')]);
  });
});

describe('an independent OpenAPI validator (openapi-backend, as a validating proxy would)', () => {
  // Runs last: every request the cases above (and their setup) sent, against the document of the server that answered.
  it.each(['dev', 'tokens'] as const)('sees no violation in the requests and answers of the %s-mode server', async (mode) => {
    const server = servers[mode];
    const validator = await OpenApiValidator.create(await (await server.h.app.request('/openapi.json')).json());
    const exchanges = await Promise.all(server.exchanges);
    expect(exchanges.length).toBeGreaterThan(mode === 'dev' ? 40 : 10);
    const violations = (await Promise.all(exchanges.map((exchange) => validator.violations(exchange)))).flat();
    expect(violations).toEqual([]);
  });
});
