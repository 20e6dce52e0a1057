// Logs of refused requests: a refusal is the service working as designed — 4xx leave no line above debug, a 503 during
// shutdown one info line without a stack — and only a bug is logged at error level, with its stack.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { asUser, createHarness, jsonInit, type Harness } from './support/harness.js';

const ERROR = 50;
const INFO = 30;
let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await h.close();
});

const requestLines = (): Record<string, unknown>[] => h.logs.lines.filter((l) => l.msg === 'request failed' || l.msg === 'request refused');

describe('refusal logs', () => {
  it('4xx refusals log nothing at info level or above', async () => {
    const statuses = [
      (await h.app.request('/v1/scans', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{bad' })).status,
      (await h.app.request('/v1/scans', asUser('a', jsonInit('POST', { strategies: ['moon'] })))).status,
      (await h.app.request('/v1/scans/V1StGXR8_Z5jdHi6B-myT')).status,
      (await h.app.request('/v1/scans', { headers: { 'X-User-Id': '!' } })).status,
    ];
    expect(statuses).toEqual([400, 400, 404, 400]);
    expect(requestLines()).toEqual([]);
    expect(h.logs.lines.filter((l) => (l.level as number) > INFO)).toEqual([]);
  });

  it('every 503 SHUTTING_DOWN is one info line "request refused" with its code, no err, no stack', async () => {
    h.lifecycle.beginShutdown();
    for (let i = 0; i < 3; i++) {
      const res = await h.app.request('/v1/scans', asUser('late', jsonInit('POST', {})));
      expect(res.status).toBe(503);
    }
    const lines = requestLines();
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).toMatchObject({ level: INFO, msg: 'request refused', code: 'SHUTTING_DOWN', status: 503, method: 'POST', path: '/v1/scans' });
      expect(line.err).toBeUndefined();
    }
  });

  it('an unexpected error is a 500 that reveals nothing, logged at error level with its stack', async () => {
    vi.spyOn(h.engine, 'start').mockImplementation(function startThatThrows() {
      throw new Error('database password is hunter2');
    });
    const res = await h.app.request('/v1/scans', asUser('bug', jsonInit('POST', {})));
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({ code: 'INTERNAL_ERROR' });
    expect(body).not.toContain('hunter2');
    const [line, ...more] = requestLines();
    expect(more).toEqual([]);
    expect(line).toMatchObject({ level: ERROR, msg: 'request failed', status: 500, method: 'POST', path: '/v1/scans' });
    expect((line?.err as { stack?: string } | undefined)?.stack).toContain('startThatThrows');
  });
});
