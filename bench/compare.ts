// `npm run bench:compare -- DIR_A DIR_B`: per suite, every target and figure of two results folders side by side with
// B ÷ A and whether the change is beyond each figure's own run-to-run spread. Exit 0 when no target got worse beyond its
// spread, 1 when one did (each named on the last lines), 2 on a usage error. How to put a change beside main:
// docs/performance.md ("Comparing a change with main").
import path from 'node:path';
import { compareResults } from './compare/compare-results.js';
import { readResults } from './lib/results.js';

const USAGE = 'usage: npm run bench:compare -- DIR_A DIR_B   (each a folder of <suite>.json results, e.g. bench/results)';

try {
  const dirs = process.argv.slice(2).filter((a) => a !== '--');
  if (dirs.length !== 2) throw new Error(USAGE);
  const [a, b] = await Promise.all(dirs.map((d) => readResults(path.resolve(d))));
  const { text, regressions } = compareResults(a ?? [], b ?? []);
  process.stdout.write(`A = ${dirs[0]}\nB = ${dirs[1]}\n\n${text}\n`);
  process.exitCode = regressions.length ? 1 : 0;
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
}
