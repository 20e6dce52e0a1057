// The visualizer page in a real browser (Debian's Chromium through playwright-core) against the real app on port 0
// (createApp over the fixture engine, dev-mode auth): a scan started from the page is followed on the statechart and the
// strategy timeline to its final state, the pool view draws the worker threads, a saved trace replays, and the page
// talks to nothing but the service's origin.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanSnapshot } from '../../src/core/scan-snapshot.js';
import { createHarness, listen, waitForFinal, warmUp, type Harness, type Listening } from '../http/support/harness.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test/artifacts');
const STRATEGIES = ['fast', 'slow', 'cooperative', 'spins', 'fast_b', 'throws'];

// CI (CI=true) installs Chromium and must run this test; elsewhere a machine without it skips it loudly, so the README's
// `npm test` stays true on a fresh machine.
const browserMissing = !existsSync(CHROMIUM) && !process.env.CI;
if (browserMissing) console.warn(`SKIPPED the visualizer browser test: no Chromium at ${CHROMIUM} (apt-get install -y chromium).`);

describe.skipIf(browserMissing)('visualizer page (Chromium)', () => {
  let harness: Harness;
  let server: Listening;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: the visualizer's browser test needs it. Install it with \`apt-get install -y chromium\` (.ci/run does).`);
    }
    await mkdir(ARTIFACTS, { recursive: true });
    harness = createHarness({}, { traces: true });
    await warmUp(harness);
    server = await listen(harness);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // Fail with the selector that did not show up rather than with the test's own timeout.
    page.setDefaultTimeout(8000);
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await harness?.close();
  });

  it('follows a running scan: active state, one timeline row per strategy, then the final state', async () => {
    // Started from the page's form. Two worker threads for six strategies: some wait queued; 'cooperative' and 'spins'
    // run to their 2.5 s deadline.
    await page.goto(`${server.url}/debug`);
    await page.fill('#start [name=strategies]', STRATEGIES.join(' '));
    await page.fill('#start [name=budgetMs]', '8000');
    await page.fill('#start [name=strategyTimeoutMs]', '2500');
    await page.click('#start button[type=submit]');
    const id = (await page.locator('#scans li.selected').getAttribute('data-scan-id', { timeout: 5000 })) ?? '';
    const registry = harness.service.registry;
    expect(registry.ownerOf(id)).toBe('anonymous');
    const final: Promise<ScanSnapshot> = waitForFinal(registry, id);
    await page.locator('#chart .state.active[data-state="running"]').waitFor({ timeout: 5000 });
    expect(registry.snapshot(id)?.state).toBe('running');
    await expect.poll(() => page.locator('#timeline .timeline-row').count()).toBe(STRATEGIES.length);
    const rows = await page.locator('#timeline .timeline-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-strategy')));
    expect(rows).toEqual(STRATEGIES);
    expect(await page.locator('#timeline .scan-deadline').count()).toBe(1);
    await page.locator('#timeline .timeline-row[data-strategy="fast"][data-status="succeeded"]').waitFor();
    await page.locator('#timeline .timeline-row[data-strategy="cooperative"] .strategy-deadline').waitFor({ state: 'attached' });
    await page.locator(`#scans li.selected[data-scan-id="${id}"]`).waitFor({ timeout: 5000 });
    expect(await page.locator('#log tbody tr').count()).toBeGreaterThan(5);
    await page.screenshot({ path: path.join(ARTIFACTS, 'visualizer-running.png'), fullPage: true });

    const { state } = await final;
    expect(['partial', 'complete', 'failed']).toContain(state);
    await page.locator(`#chart .state.active[data-state="${state}"]`).waitFor({ timeout: 5000 });
    expect(await page.locator('#chart .state.active').count()).toBe(1);
    expect(await page.locator('#status').textContent()).toContain(`state ${state} (final)`);
    await page.locator(`#chart .link.taken[data-link="scan.running->scan.${state}"]`).waitFor();
    const statuses = await page.locator('#timeline .timeline-row').evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
    expect(statuses.every((s) => s !== 'queued' && s !== 'running')).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'visualizer-final.png'), fullPage: true });

    // The pool view, polled every second: the scan's strategies ran on the worker threads, one lane per thread.
    await expect.poll(() => page.locator('#pool .pool-lane').count()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.locator('#pool .pool-lane .pool-span').count()).toBeGreaterThanOrEqual(1);
    const lanes = await page.locator('#pool .pool-lane').evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-spans'))));
    expect(lanes.some((spans) => spans >= 1)).toBe(true);
    expect(await page.locator('#pool-status').textContent()).toMatch(/^2 threads · /);
    await page.locator('#pool').screenshot({ path: path.join(ARTIFACTS, 'visualizer-pool.png') });

    // Replay: load the saved trace file and step through it.
    const tracePath = path.join(ARTIFACTS, 'visualizer-trace.json');
    const records = (await (await fetch(`${server.url}/v1/scans/${id}/trace`)).json()) as { seq: number; root?: true; state?: string }[];
    await writeFile(tracePath, JSON.stringify(records));
    await page.locator('#trace-file').setInputFiles(tracePath);
    await page.locator('#replay:not([hidden])').waitFor();
    expect(await page.locator('#replay-position').textContent()).toBe(`step 1 / ${records.length} · seq ${records[0]?.seq}`);
    expect(await page.locator('#chart .state.active').count()).toBe(0);
    const firstRunning = records.findIndex((r) => r.root && r.state === 'running');
    await page.locator('#replay-range').evaluate((el, value) => {
      // Runs in the page; the test's tsconfig has no DOM lib, so the input is typed by what is used.
      (el as unknown as { value: string }).value = String(value);
      el.dispatchEvent(new Event('input'));
    }, firstRunning);
    await page.locator('#chart .state.active[data-state="running"]').waitFor();
    await page.locator('#replay [data-step="prev"]').click();
    await page.locator('#chart .state.active[data-state="initiated"]').waitFor();
    await page.locator('#replay [data-step="last"]').click();
    await page.locator(`#chart .state.active[data-state="${state}"]`).waitFor();
    expect(await page.locator('#log tbody tr.current').count()).toBe(1);
  });

  it('made no request outside the service origin, and logged no errors', () => {
    const origin = new URL(server.url).origin;
    expect(requests.length).toBeGreaterThan(5);
    const foreign = requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin);
    expect(foreign).toEqual([]);
    expect(problems).toEqual([]);
  });
});
