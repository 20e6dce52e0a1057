// Request bodies over a real socket with Node's fetch on its shared keep-alive agent: a client always reads the answer
// to a body the service refuses — never "other side closed" — and the agent's connections keep serving afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, listen, type Harness, type Listening } from './support/harness.js';

const TOKEN = 'Bearer tok-alice-123';
const TWO_MB = 2 * 1024 * 1024;
let h: Harness;
let server: Listening;

beforeAll(async () => {
  h = createHarness({ SCANNER_TOKENS: 'tok-alice-123:alice' });
  server = await listen(h);
});
afterAll(async () => {
  await server.close();
  await h.close();
});

/** A JSON body of about `bytes` bytes. */
const bigJson = (bytes: number): string => JSON.stringify({ symbols: ['x'.repeat(bytes)] });

/** The same bytes as a stream: sent with Transfer-Encoding: chunked, no Content-Length. */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 64 * 1024));
      offset += 64 * 1024;
    },
  });
}

interface Outcome {
  status: number | string;
  code?: unknown;
  contentType?: string | null;
  connection?: string | null;
}

/** The answer, or the socket error in its place (what the issue saw about half the time). */
async function post(init: RequestInit & { duplex?: 'half' }): Promise<Outcome> {
  try {
    const res = await fetch(`${server.url}/v1/scans`, { method: 'POST', ...init });
    const contentType = res.headers.get('content-type');
    const body = (await res.json()) as { code?: unknown };
    return { status: res.status, code: body.code, contentType, connection: res.headers.get('connection') };
  } catch (err) {
    return { status: `socket error: ${String((err as Error).cause ?? err)}` };
  }
}

const tooLarge = { status: 413, code: 'PAYLOAD_TOO_LARGE', contentType: 'application/problem+json', connection: 'keep-alive' };

describe('a body over SCANNER_MAX_BODY_BYTES, with Node fetch on a reused keep-alive connection', () => {
  it('reads 413 problem+json for every one of six 2 MB POSTs in a row, then the same agent starts a scan', async () => {
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 6; i++) {
      outcomes.push(await post({ headers: { 'Content-Type': 'application/json', Authorization: TOKEN }, body: bigJson(TWO_MB) }));
    }
    expect(outcomes).toEqual(Array.from({ length: 6 }, () => tooLarge));
    const ok = await post({ headers: { 'Content-Type': 'application/json', Authorization: TOKEN }, body: JSON.stringify({ strategies: ['fast'], force: true }) });
    expect(ok.status).toBe(202);
  });

  it('reads 413 for 2 MB sent chunked (no Content-Length), three times in a row', async () => {
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push(await post({ headers: { 'Content-Type': 'application/json', Authorization: TOKEN }, body: chunked(bigJson(TWO_MB)), duplex: 'half' }));
    }
    expect(outcomes).toEqual(Array.from({ length: 3 }, () => tooLarge));
  });

  it('reads the refusal of a 2 MB body refused before it is read: 401 without a token, 415 for text/plain or gzip', async () => {
    const body = bigJson(TWO_MB);
    const outcomes = [
      await post({ headers: { 'Content-Type': 'application/json' }, body }),
      await post({ headers: { 'Content-Type': 'text/plain', Authorization: TOKEN }, body }),
      await post({ headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', Authorization: TOKEN }, body }),
    ];
    expect(outcomes.map((o) => [o.status, o.code])).toEqual([
      [401, 'UNAUTHORIZED'],
      [415, 'UNSUPPORTED_MEDIA_TYPE'],
      [415, 'UNSUPPORTED_MEDIA_TYPE'],
    ]);
  });

  it('still starts a scan from a POST with no body and no Content-Type (the body stream is read, then handed on)', async () => {
    const res = await fetch(`${server.url}/v1/scans`, { method: 'POST', headers: { Authorization: TOKEN } });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { userId: string }).userId).toBe('alice');
  });
});
