// Renders a results folder into the self-contained HTML report (bench/report.ts is its command).
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PROJECT_ROOT } from '../lib/paths.js';
import { readResults } from '../lib/results.js';
import { freshness } from '../lib/staleness.js';
import { renderReportPage } from './page.js';

export const REPORT_FILE = path.join(PROJECT_ROOT, 'bench', 'report.html');

/** Chart.js's browser build: its package exports no path to it, so it is found beside the entry it does export. */
async function chartLibrary(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('chart.js');
  return readFile(path.join(path.dirname(entry), 'chart.umd.min.js'), 'utf8');
}

export async function writeReportPage(resultsDir: string, outFile: string): Promise<string> {
  const reports = await readResults(resultsDir);
  const html = renderReportPage({
    reports,
    freshness: new Map(reports.map((r) => [r.suite, freshness(r.suite, r)])),
    chartLibrary: await chartLibrary(),
    generatedAt: new Date().toISOString(),
    source: path.relative(PROJECT_ROOT, resultsDir) || resultsDir,
  });
  await writeFile(outFile, html);
  return outFile;
}
