// Locates compiled JS in dist/. Worker threads load precompiled JS (a TS loader in every worker would add ~80 ms per
// thread start), so code running from TypeScript sources (vitest, tsx) still points the pool at dist/.
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
// Compiled: <root>/dist/src; from sources: <root>/src.
const distRoot = path.basename(path.dirname(here)) === 'dist' ? path.dirname(here) : path.join(path.dirname(here), 'dist');

/** Absolute path of a compiled file, given its path relative to the project root without extension (e.g. 'workers/x'). */
export function compiledPath(fromRoot: string): string {
  return path.join(distRoot, `${fromRoot}.js`);
}

export function compiledUrl(fromRoot: string): string {
  return pathToFileURL(compiledPath(fromRoot)).href;
}
