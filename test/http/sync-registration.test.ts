// The replaced service's bug: a GET right after POST answered not_found. Here a scan is registered before POST answers,
// so the immediate GET always finds it — sequentially and under concurrency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { asUser, createHarness, jsonInit, warmUp, type Harness } from './support/harness.js';

let h: Harness;

beforeAll(async () => {
  // Bounds well above the test's load: this test is about registration, not admission control.
  h = createHarness({ SCANNER_MAX_RUNNING_SCANS: '5000', SCANNER_MAX_QUEUED_SCANS: '5000' });
  await warmUp(h);
});
afterAll(() => h.close());

const STATES = new Set(['initiated', 'running', 'complete', 'partial', 'failed', 'cancelled']);

interface Pair {
  postStatus: number;
  getStatus: number;
  state: string;
  ms: number;
}

async function postThenGet(user: string): Promise<Pair> {
  const started = performance.now();
  const post = await h.app.request('/v1/scans', asUser(user, jsonInit('POST', { strategies: ['fast'], force: true })));
  const { id } = (await post.json()) as ScanSnapshot;
  const get = await h.app.request(`/v1/scans/${id}`, asUser(user));
  const body = (await get.json()) as ScanSnapshot;
  return { postStatus: post.status, getStatus: get.status, state: body.state, ms: performance.now() - started };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

describe('POST then immediate GET', () => {
  it('1,000 sequential pairs: every GET finds the scan, initiated or later', async () => {
    const pairs: Pair[] = [];
    for (let i = 0; i < 1000; i += 1) pairs.push(await postThenGet(`seq-${i % 10}`));
    expect(pairs.filter((p) => p.postStatus !== 202)).toEqual([]);
    expect(pairs.filter((p) => p.getStatus !== 200)).toEqual([]);
    expect(pairs.every((p) => STATES.has(p.state))).toBe(true);
    console.info(`sequential POST→GET: p50 ${percentile(pairs.map((p) => p.ms), 50).toFixed(2)} ms, p99 ${percentile(pairs.map((p) => p.ms), 99).toFixed(2)} ms`);
  });

  it('200 concurrent pairs: zero 404s', async () => {
    const pairs = await Promise.all(Array.from({ length: 200 }, (_, i) => postThenGet(`conc-${i}`)));
    expect(pairs.filter((p) => p.getStatus === 404)).toEqual([]);
    expect(pairs.every((p) => p.postStatus === 202 && p.getStatus === 200 && STATES.has(p.state))).toBe(true);
    console.info(`concurrent POST→GET (200 at once): p50 ${percentile(pairs.map((p) => p.ms), 50).toFixed(1)} ms, max ${percentile(pairs.map((p) => p.ms), 100).toFixed(1)} ms`);
  });
});
