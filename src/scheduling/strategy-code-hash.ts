// The strategy code's version for saved costs: a hash of every compiled file in the directory of the catalogue module
// the workers load (the strategies, their indicators and the worker entry), so any change to what runs in a worker
// invalidates costs measured with the old code, and nothing else does.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CODE_FILE = /\.(m?js|cjs)$/;

async function codeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && CODE_FILE.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** sha256 (16 hex digits) of the code files under the catalogue module's directory, by relative path and content. */
export async function strategyCodeHash(catalogueUrl: string): Promise<string> {
  const dir = path.dirname(fileURLToPath(catalogueUrl));
  const hash = createHash('sha256');
  for (const file of await codeFiles(dir)) {
    hash.update(path.relative(dir, file));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
