// Reads a folder of results (bench/results/<suite>.json, as bench/run.ts writes them): what the performance page, the
// HTML report and the compare command start from.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SUITE_NAMES } from './options.js';
import type { WrittenReport } from './report.js';

/** Every suite's result found in `dir`, in the order the suites run; a folder may hold only some suites. */
export async function readResults(dir: string): Promise<WrittenReport[]> {
  if (!existsSync(dir)) throw new Error(`no results folder at ${dir}`);
  const out: WrittenReport[] = [];
  for (const name of SUITE_NAMES) {
    const file = path.join(dir, `${name}.json`);
    if (!existsSync(file)) continue;
    out.push(JSON.parse(await readFile(file, 'utf8')) as WrittenReport);
  }
  if (out.length === 0) throw new Error(`${dir} holds no result (<suite>.json for ${SUITE_NAMES.join(', ')})`);
  return out;
}
