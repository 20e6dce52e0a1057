// The catalogue's metadata (GET /v1/strategies, request validation), read from the same module the worker pool loads,
// so the engine's checks and the workers can never disagree about which strategies exist.
import { compiledUrl } from '../compiled-path.js';
import type { StrategyCatalogueModule } from '../../workers/strategy-types.js';

/** A strategy as callers see it: the catalogue entry without its `run`. */
export interface StrategyInfo {
  id: string;
  name: string;
  description: string;
  inputs: string[];
}

export const DEFAULT_CATALOGUE_URL = compiledUrl('workers/strategy-catalogue');

export async function loadCatalogueInfo(catalogueUrl: string = DEFAULT_CATALOGUE_URL): Promise<StrategyInfo[]> {
  const module = (await import(catalogueUrl)) as StrategyCatalogueModule;
  return module.strategyCatalogue.map(({ id, name, description, inputs }) => ({ id, name, description, inputs: [...inputs] }));
}
