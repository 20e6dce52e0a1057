// `npm run bench:images`: writes bench/report.html from bench/results/ and captures its most telling charts as
// docs/img/*.png (bench/report/screenshots.ts lists them), then regenerates docs/performance.md, which shows them.
import { writeFile } from 'node:fs/promises';
import { RESULTS_DIR } from './lib/paths.js';
import { PERFORMANCE_DOC, renderPerformanceDoc } from './report/performance-page.js';
import { captureImages } from './report/screenshots.js';
import { REPORT_FILE, writeReportPage } from './report/write-report.js';

try {
  await writeReportPage(RESULTS_DIR, REPORT_FILE);
  for (const file of await captureImages(REPORT_FILE)) process.stdout.write(`wrote ${file}\n`);
  await writeFile(PERFORMANCE_DOC, await renderPerformanceDoc(RESULTS_DIR));
  process.stdout.write(`wrote ${PERFORMANCE_DOC}\n`);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
}
