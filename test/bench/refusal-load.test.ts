// The refusals suite's instruments: a load of an exact request count that tallies what the caller got (here or from a
// process of its own), a probe that polls while it runs, and the CPU reader that finds a child server's main thread.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChildServer } from '../../bench/lib/child-server.js';
import { countedLoad } from '../../bench/lib/counted-load.js';
import { pollWhile } from '../../bench/lib/poll-while.js';
import { prepareRemoteLoad } from '../../bench/lib/remote-load.js';
import { serverCpuReader } from '../../bench/lib/server-cpu.js';
import { compiledPath } from '../../src/compiled-path.js';

describe('countedLoad', () => {
  let server: http.Server;
  let url = '';
  const seen = { posts: 0, bodies: new Set<string>() };

  beforeAll(async () => {
    let n = 0;
    server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        if (req.method !== 'POST') return void res.writeHead(404).end();
        seen.posts++;
        seen.bodies.add(body);
        // Every third request refused with a problem, the others accepted.
        if (n++ % 3 === 0) res.writeHead(202, { 'content-type': 'application/json' }).end('{}');
        else res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': String(n % 2 === 0 ? 1 : 7) }).end('{"code":"SCAN_CAPACITY"}');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => void server.close());

  it('sends exactly the requested count and tallies statuses, problem codes and Retry-After values', async () => {
    const result = await countedLoad({ url, method: 'POST', body: '{"a":1}', requests: 30, connections: 4 });
    expect(seen.posts).toBe(30);
    expect([...seen.bodies]).toEqual(['{"a":1}']);
    expect(result.latenciesMs).toHaveLength(30);
    expect(Object.fromEntries(result.statuses)).toEqual({ 202: 10, 429: 20 });
    expect(Object.fromEntries(result.problemCodes)).toEqual({ SCAN_CAPACITY: 20 });
    expect([...result.retryAfter.keys()].sort()).toEqual(['1', '7']);
    expect([...result.retryAfter.values()].reduce((a, b) => a + b, 0)).toBe(20);
    expect(result.processCpuUsPerResponse).toBeNull();
  });

  it('refuses anything but loopback', async () => {
    await expect(countedLoad({ url: 'http://example.com/', requests: 1, connections: 1 })).rejects.toThrow(/loopback-only/);
  });

  it('runs the same load from a process of its own while a probe polls, and returns the tallies', async () => {
    const before = seen.posts;
    const load = await prepareRemoteLoad({ url, method: 'POST', body: '{"a":1}', requests: 12, connections: 3 });
    const { poll, value } = await pollWhile(`${url}/`, load.run());
    expect(seen.posts - before).toBe(12);
    expect([...value.statuses.values()].reduce((a, b) => a + b, 0)).toBe(12);
    expect(value.problemCodes.get('SCAN_CAPACITY')).toBe(value.statuses.get(429));
    expect(poll.latenciesMs.length).toBeGreaterThan(0);
    expect(poll.non2xx).toBe(poll.latenciesMs.length);
  });
});

describe.runIf(process.platform === 'linux')('serverCpuReader', () => {
  it("finds a child server's main thread and reads its CPU", async () => {
    const hello = await startChildServer({ label: 'hello', script: compiledPath('bench/baselines/hello-server-main'), readyPath: '/' });
    try {
      const read = serverCpuReader(hello);
      const before = read();
      expect(before.mainThreadMs).toBeGreaterThan(0);
      expect(before.processMs).not.toBeNull();
      await countedLoad({ url: `${hello.url}/`, requests: 200, connections: 4 });
      expect(read().mainThreadMs).toBeGreaterThan(before.mainThreadMs as number);
    } finally {
      await hello.stop();
    }
  });
});
