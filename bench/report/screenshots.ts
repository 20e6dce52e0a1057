// The report's most telling charts as PNG files for the docs (docs/performance.md shows them): the report page opened in
// Debian's Chromium through playwright-core, each chart's <figure> captured on its own.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { PROJECT_ROOT } from '../lib/paths.js';

export const CHROMIUM = '/usr/bin/chromium';

export interface PerformanceImage {
  /** Relative to the project root. */
  file: string;
  /** The chart: the start of its canvas id (bench/report/chart-spec.ts). */
  chartIdPrefix: string;
  alt: string;
  caption: string;
}

export const PERFORMANCE_IMAGES: readonly PerformanceImage[] = [
  {
    file: 'docs/img/scheduling-heavy-budgets.png',
    chartIdPrefix: 'scheduling-a-heavy-market',
    alt: 'Strategies succeeded per budget on the heavy market: engine plan, fixed orders, cold engine and the offline optimum',
    caption: 'scheduling: strategies that succeed at each budget, the engine\'s plan against the fixed orders and the optimum.',
  },
  {
    file: 'docs/img/scaling-simulated-wall.png',
    chartIdPrefix: 'scaling-simulated-list-schedule',
    alt: 'Full scan wall time against threads: simulated list schedule, Σ ÷ t and the measured wall',
    caption: 'scaling: the full heavy scan\'s wall time against threads, simulated from measured costs, beside Σ ÷ t and the measured walls.',
  },
  {
    file: 'docs/img/status-latency-idle-saturated.png',
    chartIdPrefix: 'status-latency-figures-ms',
    alt: 'GET /v1/scans/:id latency, idle against pool saturated, service against main-thread baseline',
    caption: 'status-latency: status GET latency (median, p99) idle against a saturated pool, the service against the main-thread baseline.',
  },
];

/** Captures each image's chart from the report page; returns the files written. Throws without Chromium. */
export async function captureImages(reportFile: string, images: readonly PerformanceImage[] = PERFORMANCE_IMAGES): Promise<string[]> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(reportFile).href);
    await page.waitForSelector('body[data-charts-drawn]');
    const written: string[] = [];
    for (const img of images) {
      const chart = page.locator(`figure.chart:has(canvas[id^="${img.chartIdPrefix}"])`).first();
      if ((await chart.count()) === 0) continue;
      const file = path.join(PROJECT_ROOT, img.file);
      await mkdir(path.dirname(file), { recursive: true });
      await chart.screenshot({ path: file });
      written.push(file);
    }
    return written;
  } finally {
    await browser.close();
  }
}
