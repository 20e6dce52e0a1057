// The typed client against distributed mode: two instances (child processes) on one Redis. A scan started through one
// instance is waited for, followed over SSE and cancelled through the other, as a client behind a load balancer would.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createScannerClient, type ScanSnapshot } from '../../src/client/index.js';
import { Cluster, describeCluster, requireRedis, userId, type Instance } from '../cluster/support/cluster.js';

/** Fixed-cost fixture strategies, far from the budget: several versions, nothing depends on the machine's speed. */
const STEPS = { strategies: ['t200', 't100', 'fast'], budgetMs: 15_000, force: true };
const LIVE = { strategies: ['cooperative'], budgetMs: 15_000, strategyTimeoutMs: 15_000, force: true };

describeCluster('createScannerClient (distributed mode)', () => {
  const cluster = new Cluster();
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    requireRedis();
    [a, b] = await cluster.startPair(['client-a', 'client-b']);
  }, 60_000);

  afterAll(() => cluster.close(), 30_000);

  it('start on one instance; waitForFinal, get and list on the other agree', async () => {
    const user = userId('client');
    const onA = createScannerClient({ baseUrl: a.url, userId: user });
    const onB = createScannerClient({ baseUrl: b.url, userId: user });
    const { snapshot, reused } = await onA.start(STEPS);
    expect(reused).toBe(false);
    const final = await onB.waitForFinal(snapshot.id, { timeoutMs: 20_000 });
    expect(final.state).toBe('complete');
    expect(await onA.get(snapshot.id)).toEqual(final);
    expect((await onB.list()).map((s) => s.id)).toContain(snapshot.id);
  });

  it('follow on the other instance streams every version to the final one', async () => {
    const user = userId('follow');
    const { snapshot } = await createScannerClient({ baseUrl: a.url, userId: user }).start(STEPS);
    const seen: ScanSnapshot[] = [];
    for await (const next of createScannerClient({ baseUrl: b.url, userId: user }).follow(snapshot.id)) seen.push(next);
    const versions = seen.map((s) => s.version);
    expect(versions).toEqual([...new Set(versions)].sort((x, y) => x - y));
    expect(seen.at(-1)?.done).toBe(true);
  });

  it('reuse and cancel work across instances; a foreign scan is 404 there too', async () => {
    const user = userId('cancel');
    const onA = createScannerClient({ baseUrl: a.url, userId: user });
    const onB = createScannerClient({ baseUrl: b.url, userId: user });
    const { snapshot } = await onA.start(LIVE);
    const again = await onB.start({ strategies: ['fast'] });
    expect(again).toMatchObject({ reused: true, snapshot: { id: snapshot.id } });
    await expect(createScannerClient({ baseUrl: b.url, userId: userId('stranger') }).get(snapshot.id)).rejects.toMatchObject({ status: 404, code: 'SCAN_NOT_FOUND' });
    await onB.cancel(snapshot.id);
    expect((await onA.waitForFinal(snapshot.id, { timeoutMs: 15_000 })).state).toBe('cancelled');
  });
});
