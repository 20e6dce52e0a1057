// `npm run bench:doc` (= `node dist/bench/performance-doc.js --write`): regenerates docs/performance.md from
// bench/results/*.json; without --write it prints the page. An optional folder argument reads results from elsewhere.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RESULTS_DIR } from './lib/paths.js';
import { PERFORMANCE_DOC, renderPerformanceDoc } from './report/performance-page.js';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
try {
  const page = await renderPerformanceDoc(dir ? path.resolve(dir) : RESULTS_DIR);
  if (args.includes('--write')) await writeFile(PERFORMANCE_DOC, page);
  else process.stdout.write(page);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
}
