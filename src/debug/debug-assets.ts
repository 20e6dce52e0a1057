// The visualizer page's static files (plain HTML/CSS/ES modules in ./page), served by the service itself: the page must
// work with no internet, so nothing comes from a CDN. tsc copies no .js/.html/.css, so compiled code (dist/src/debug)
// reads them from the sources, like the tests do.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const compiled = path.basename(path.dirname(path.dirname(here))) === 'dist';

/** Directory of the page's files. */
export const PAGE_DIR = compiled ? path.resolve(here, '../../../src/debug/page') : path.join(here, 'page');

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
};

/** Plain names only (no slash, no '..'): nothing outside PAGE_DIR can be named. */
const ASSET_NAME = /^[a-z0-9-]+\.(html|css|js)$/;

export interface DebugAsset {
  body: string;
  contentType: string;
}

// Bounded by the files in PAGE_DIR: only names that exist are cached.
const cache = new Map<string, DebugAsset>();

/** The page file `name`, or undefined for a name that is not a page file. */
export async function debugAsset(name: string): Promise<DebugAsset | undefined> {
  const match = ASSET_NAME.exec(name);
  if (!match) return undefined;
  const cached = cache.get(name);
  if (cached) return cached;
  let body: string;
  try {
    body = await readFile(path.join(PAGE_DIR, name), 'utf8');
  } catch {
    return undefined;
  }
  const asset = { body, contentType: TYPES[match[1] as string] as string };
  cache.set(name, asset);
  return asset;
}
