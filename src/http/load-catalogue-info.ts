// The catalogue's metadata (GET /v1/strategies, request validation), read from the same module the worker pool loads,
// so the HTTP layer and the workers can never disagree about which strategies exist.
import { compiledUrl } from '../compiled-path.js';
import type { StrategyCatalogueModule } from '../../workers/strategy-types.js';
import type { StrategyInfo } from './app-deps.js';

export const DEFAULT_CATALOGUE_URL = compiledUrl('workers/strategy-catalogue');

export async function loadCatalogueInfo(catalogueUrl: string = DEFAULT_CATALOGUE_URL): Promise<StrategyInfo[]> {
  const module = (await import(catalogueUrl)) as StrategyCatalogueModule;
  return module.strategyCatalogue.map(({ id, name, description, inputs }) => ({ id, name, description, inputs: [...inputs] }));
}
