// Where the real strategy catalogue is: suites that run real strategies fail early and clearly when it is not built.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compiledUrl } from '../../src/compiled-path.js';

/**
 * URL of the compiled real catalogue. `BENCH_CATALOGUE_URL` replaces it (e.g. with the fixture catalogue) to try the
 * suites' plumbing while the real strategies are not available; figures from such a run say nothing about strategies.
 */
export function realCatalogueUrl(): string {
  const override = process.env.BENCH_CATALOGUE_URL;
  if (override) return override;
  const url = compiledUrl('workers/strategy-catalogue');
  if (!existsSync(fileURLToPath(url))) throw new Error(`the strategy catalogue is not built (${fileURLToPath(url)} is missing): run npm run build`);
  return url;
}
