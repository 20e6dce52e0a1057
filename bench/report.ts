// `npm run bench:report [-- RESULTS_DIR] [--out FILE]`: writes bench/report.html from bench/results/*.json — one file with
// Chart.js inlined (it opens from disk, no network), at least one chart per suite and each suite's targets beside its
// charts. Why Chart.js: bar and line charts from a plain JSON configuration (the specs are built and tested in Node,
// bench/report/chart-spec.ts), one ~210 KB browser file with no dependencies, and no injected CSS, so the page can
// forbid every outside load with its Content-Security-Policy.
import path from 'node:path';
import { RESULTS_DIR } from './lib/paths.js';
import { REPORT_FILE, writeReportPage } from './report/write-report.js';

const USAGE = 'usage: npm run bench:report [-- RESULTS_DIR] [--out FILE]';

function parseArgs(argv: readonly string[]): { resultsDir: string; outFile: string } {
  let resultsDir = RESULTS_DIR;
  let outFile = REPORT_FILE;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--out' && argv[i + 1]) outFile = path.resolve(argv[++i] as string);
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else resultsDir = path.resolve(arg);
  }
  return { resultsDir, outFile };
}

try {
  const { resultsDir, outFile } = parseArgs(process.argv.slice(2));
  process.stdout.write(`wrote ${await writeReportPage(resultsDir, outFile)}\n`);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}
