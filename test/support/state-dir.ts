// A saved-state directory (SCANNER_STATE_DIR) of a test's own for the processes it starts: without it they save costs
// into the working tree's .scanner/, and one test's learned costs would plan the next test's scans.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestStateDir {
  readonly path: string;
  remove(): void;
}

export function testStateDir(label: string): TestStateDir {
  const dir = mkdtempSync(path.join(tmpdir(), `scanner-${label}-state-`));
  return { path: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
