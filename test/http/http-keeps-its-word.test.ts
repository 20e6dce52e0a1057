// What the service promises at the HTTP level, over a real socket: an event stream honours `Connection: close`; a known
// path with an unknown method is 405 with `Allow`; bodies are application/json in UTF-8 or 415; a request whose body
// stalls past the configured request timeout is answered 408 problem+json within that bound; unparsable HTTP gets a
// problem+json 400 too.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createHarness, listen, warmUp, type Harness, type Listening } from './support/harness.js';

/** One raw HTTP/1.1 exchange: writes `request` (and `then`, after `delayMs`), reads until the server closes. */
function rawExchange(url: string, request: string, options: { timeoutMs?: number } = {}): Promise<{ text: string; closedAfterMs: number }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve({ text, closedAfterMs: Date.now() - started }));
    socket.on('error', reject);
    socket.setTimeout(options.timeoutMs ?? 10_000, () => {
      socket.destroy();
      reject(new Error(`no close within ${options.timeoutMs ?? 10_000} ms; got: ${text.slice(0, 300)}`));
    });
  });
}

/** The head and body of a raw response. */
function parse(text: string): { status: number; headers: Map<string, string[]>; body: string } {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const name = line.slice(0, line.indexOf(':')).toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(line.indexOf(':') + 1).trim()]);
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

let h: Harness;
let server: Listening;
const REQUEST_TIMEOUT_MS = 1_000;

beforeAll(async () => {
  h = createHarness({ SCANNER_THREADS: '1', SCANNER_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), SCANNER_HEADERS_TIMEOUT_MS: '1000' });
  await warmUp(h);
  server = await listen(h);
});
afterAll(async () => {
  await server.close();
  await h.close();
});

async function finishedScan(user: string): Promise<string> {
  const res = await fetch(`${server.url}/v1/scans`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-User-Id': user }, body: JSON.stringify({ strategies: ['fast'], symbols: ['AAA'] }) });
  const { id } = (await res.json()) as { id: string };
  for (let done = false; !done; ) done = ((await (await fetch(`${server.url}/v1/scans/${id}?waitMs=5000`, { headers: { 'X-User-Id': user } })).json()) as { done: boolean }).done;
  return id;
}

describe('event streams', () => {
  it('answer Connection: close when the request asked for it, and close the connection after the stream', async () => {
    const id = await finishedScan('closer');
    const { text } = await rawExchange(server.url, `GET /v1/scans/${id}/events HTTP/1.1\r\nHost: test\r\nX-User-Id: closer\r\nConnection: close\r\n\r\n`);
    const res = parse(text);
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).toEqual(['close']);
    expect(res.headers.get('content-type')?.[0]).toMatch(/^text\/event-stream/);
    expect(res.body).toContain('event: snapshot');
  });

  it('keep the connection alive when the request did not ask otherwise', async () => {
    const id = await finishedScan('keeper');
    const res = await fetch(`${server.url}/v1/scans/${id}/events`, { headers: { 'X-User-Id': 'keeper' } });
    expect(res.headers.get('connection')).toBe('keep-alive');
    await res.text();
  });
});

describe('methods', () => {
  it.each([
    ['PUT', '/v1/scans', 'GET, HEAD, POST'],
    ['PATCH', '/v1/scans/V1StGXR8_Z5jdHi6B-myT', 'DELETE, GET, HEAD'],
    ['POST', '/healthz', 'GET, HEAD'],
    ['DELETE', '/openapi.json', 'GET, HEAD'],
  ])('%s %s is 405 METHOD_NOT_ALLOWED with Allow: %s', async (method, path, allow) => {
    const res = await fetch(`${server.url}${path}`, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED', type: 'https://opportunity-scanner.dev/problems/method-not-allowed' });
  });

  it('an unknown path is still 404 NOT_FOUND', async () => {
    const res = await fetch(`${server.url}/v1/nothing-here`, { method: 'PUT' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('media types', () => {
  const post = (contentType: string) =>
    fetch(`${server.url}/v1/scans`, { method: 'POST', headers: { 'Content-Type': contentType, 'X-User-Id': 'media' }, body: JSON.stringify({ strategies: ['fast'], force: true }) });

  it.each(['application/json-patch+json', 'application/merge-patch+json', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'text/plain'])(
    '%s is 415 UNSUPPORTED_MEDIA_TYPE',
    async (contentType) => {
      const res = await post(contentType);
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    },
  );

  it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON; Charset="UTF-8"'])('%s is accepted', async (contentType) => {
    const res = await post(contentType);
    expect(res.status).toBe(202);
    await res.body?.cancel();
  });
});

describe('slow and broken requests', () => {
  it('a body that stalls past the request timeout is answered 408 REQUEST_TIMEOUT (problem+json) within the bound', async () => {
    const head = `POST /v1/scans HTTP/1.1\r\nHost: test\r\nX-User-Id: staller\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
    const { text, closedAfterMs } = await rawExchange(server.url, `${head}{"strategies":[`);
    const res = parse(text);
    expect(res.status).toBe(408);
    expect(res.headers.get('content-type')).toEqual(['application/problem+json']);
    expect(res.headers.get('connection')).toEqual(['close']);
    expect(JSON.parse(res.body)).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
    // Node checks timeouts on an interval (at most 1 s here): the answer comes within the bound plus that interval.
    expect(closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(closedAfterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2_500);
    // A timeout is a refusal, not a fault: nothing logged at error level.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.logs.lines.filter((line) => (line.level as number) >= 50)).toEqual([]);
  });

  it('unparsable HTTP is answered 400 BAD_REQUEST as problem+json', async () => {
    const { text } = await rawExchange(server.url, 'GET /v1/scans HTTP/1.1\r\nHost test\r\n\r\n');
    const res = parse(text);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it('the timeouts are configuration: defaults 30 s and 10 s, headers at most the request bound', () => {
    expect(loadConfig({}).http).toMatchObject({ requestTimeoutMs: 30_000, headersTimeoutMs: 10_000 });
    expect(loadConfig({ SCANNER_REQUEST_TIMEOUT_MS: '5000', SCANNER_HEADERS_TIMEOUT_MS: '2000' }).http).toMatchObject({ requestTimeoutMs: 5000, headersTimeoutMs: 2000 });
    expect(() => loadConfig({ SCANNER_REQUEST_TIMEOUT_MS: '5000', SCANNER_HEADERS_TIMEOUT_MS: '6000' })).toThrow(/SCANNER_HEADERS_TIMEOUT_MS/);
  });
});
