// The benchmark report (bench:report) in a real browser: Debian's Chromium through playwright-core opens the page from
// disk, built from the committed bench/results, and every chart draws, nothing is requested from anywhere but the file
// itself, and the page logs no error.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULTS_DIR } from '../../bench/lib/paths.js';
import { readResults } from '../../bench/lib/results.js';
import { CHROMIUM } from '../../bench/report/screenshots.js';
import { writeReportPage } from '../../bench/report/write-report.js';

const ARTIFACTS = path.resolve('test/artifacts');

// CI (CI=true) installs Chromium and must run this test; elsewhere a machine without it skips it loudly.
const browserMissing = !existsSync(CHROMIUM) && !process.env.CI;
if (browserMissing) console.warn(`SKIPPED the bench report browser test: no Chromium at ${CHROMIUM} (apt-get install -y chromium).`);

describe.skipIf(browserMissing)('bench report page (Chromium)', () => {
  let tmp = '';
  let file = '';
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run does).`);
    tmp = await mkdtemp(path.join(tmpdir(), 'bench-report-'));
    file = await writeReportPage(RESULTS_DIR, path.join(tmp, 'report.html'));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(10_000);
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-charts-drawn]');
  });

  afterAll(async () => {
    await browser?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('draws every chart, at least one per suite of the committed results', async () => {
    const suites = (await readResults(RESULTS_DIR)).map((r) => r.suite);
    const planned = Number(await page.getAttribute('body', 'data-charts'));
    expect(Number(await page.getAttribute('body', 'data-charts-drawn'))).toBe(planned);
    expect(planned).toBeGreaterThanOrEqual(suites.length);
    for (const suite of suites) expect(await page.locator(`#suite-${suite} canvas`).count(), suite).toBeGreaterThan(0);
    // Drawn means pixels: each canvas has painted (non-transparent) pixels and the size its box gave it.
    const painted = await page.$$eval('canvas', (canvases) =>
      canvases.map((c) => {
        const ctx = c.getContext('2d');
        if (!ctx || c.width === 0 || c.height === 0) return { id: c.id, inked: 0 };
        const data = ctx.getImageData(0, 0, c.width, c.height).data;
        let inked = 0;
        for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) inked++;
        return { id: c.id, inked };
      }),
    );
    expect(painted).toHaveLength(planned);
    for (const c of painted) expect(c.inked, c.id).toBeGreaterThan(500);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'bench-report.png'), timeout: 30_000 });
  });

  it('shows each suite\'s targets beside its charts, with their outcome', async () => {
    const outcomes = await page.$$eval('tr.target', (rows) => rows.map((r) => r.getAttribute('data-outcome')));
    const targets = (await readResults(RESULTS_DIR)).flatMap((r) => r.targets);
    expect(outcomes).toHaveLength(targets.length);
    for (const o of outcomes) expect(['met', 'missed', 'no data']).toContain(o);
  });

  it('requests nothing but the file itself and logs no error', () => {
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(problems).toEqual([]);
  });
});
