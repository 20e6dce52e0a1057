// The built client runs in a browser as it is: Chromium loads dist/src/client/*.js as ES modules (openapi-fetch through an
// import map, no bundler) from the service's origin, then starts a scan, follows it over SSE and waits for it, against
// the real server. The modules are served by Playwright's request interception, so the service itself is unchanged.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, listen, warmUp, type Harness, type Listening } from '../http/support/harness.js';

const CHROMIUM = '/usr/bin/chromium';
const CLIENT_DIR = fileURLToPath(new URL('../../dist/src/client/', import.meta.url));
const OPENAPI_FETCH = fileURLToPath(new URL('../../node_modules/openapi-fetch/dist/index.mjs', import.meta.url));

const browserMissing = !existsSync(CHROMIUM) && !process.env.CI;
if (browserMissing) console.warn(`SKIPPED the client's browser test: no Chromium at ${CHROMIUM} (apt-get install -y chromium).`);

const PAGE = `<!doctype html>
<script type="importmap">{ "imports": { "openapi-fetch": "/__client/openapi-fetch.js" } }</script>
<script type="module">
  import { createScannerClient, ScannerError } from '/__client/index.js';
  const client = createScannerClient({ baseUrl: location.origin, userId: 'browser' });
  try {
    const { snapshot } = await client.start({ strategies: ['fast', 'slow', 'fast_b'], symbols: ['AAA'], force: true });
    const versions = [];
    for await (const next of client.follow(snapshot.id)) versions.push(next.version);
    const final = await client.waitForFinal(snapshot.id, { timeoutMs: 10000 });
    const missing = await client.get('V1StGXR8_Z5jdHi6B-myT').catch((err) => err instanceof ScannerError && err.code);
    window.result = { versions, state: final.state, finalVersion: final.version, missing };
  } catch (err) {
    window.result = { error: String(err) };
  }
</script>`;

describe.skipIf(browserMissing)('opportunity-scanner/client in Chromium', () => {
  let harness: Harness;
  let server: Listening;
  let browser: Browser;

  beforeAll(async () => {
    harness = createHarness({ SCANNER_THREADS: '1' });
    await warmUp(harness);
    server = await listen(harness);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await harness?.close();
  });

  it('starts, follows over SSE and waits for a scan; refusals are ScannerErrors', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !msg.text().includes('404')) problems.push(msg.text());
    });
    const eventStreams: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/events')) eventStreams.push(request.url());
    });
    await page.route(`${server.url}/__client/**`, async (route) => {
      const name = new URL(route.request().url()).pathname.slice('/__client/'.length);
      if (name === 'page.html') return route.fulfill({ body: PAGE, contentType: 'text/html' });
      const file = name === 'openapi-fetch.js' ? OPENAPI_FETCH : `${CLIENT_DIR}${name}`;
      if (!/^[\w.-]+\.js$/.test(name) || !existsSync(file)) return route.fulfill({ status: 404, body: '' });
      return route.fulfill({ body: await readFile(file, 'utf8'), contentType: 'text/javascript' });
    });
    await page.goto(`${server.url}/__client/page.html`);
    await page.waitForFunction(() => (globalThis as unknown as { result?: unknown }).result !== undefined, undefined, { timeout: 20_000 });
    const result = (await page.evaluate(() => (globalThis as unknown as { result: unknown }).result)) as { versions: number[]; state: string; finalVersion: number; missing: string; error?: string };
    expect(result.error).toBeUndefined();
    expect(result.state).toBe('complete');
    // Every version it yielded is newer than the last, and the final one ends it (how many there were depends on timing).
    expect(result.versions).toEqual([...new Set(result.versions)].sort((a, b) => a - b));
    expect(result.versions.at(-1)).toBe(result.finalVersion);
    expect(result.missing).toBe('SCAN_NOT_FOUND');
    expect(eventStreams.length).toBeGreaterThanOrEqual(1);
    expect(problems).toEqual([]);
  });
});
