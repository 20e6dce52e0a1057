// Process entry of the main-thread baseline server (status-latency suite). Env: HOST, PORT, SCANNER_MARKET_PROFILE,
// SCANNER_CATALOGUE_URL (a replacement catalogue; default the real strategies).
import { serve } from '@hono/node-server';
import { compiledUrl } from '../../src/compiled-path.js';
import { defaultPortfolio } from '../../src/market/default-portfolio.js';
import { loadMarket } from '../../src/market/load-market.js';
import type { MarketProfile } from '../../src/market/profiles.js';
import type { StrategyCatalogueModule } from '../../workers/strategy-types.js';
import { createBaselineApp } from './baseline-server.js';
import { PromiseRaceScanRunner } from './promise-race-runner.js';

const catalogueUrl = process.env.SCANNER_CATALOGUE_URL ?? compiledUrl('workers/strategy-catalogue');
const { strategyCatalogue } = (await import(catalogueUrl)) as StrategyCatalogueModule;
const market = await loadMarket({ profile: (process.env.SCANNER_MARKET_PROFILE ?? 'default') as MarketProfile });
const runner = new PromiseRaceScanRunner({ catalogue: strategyCatalogue, market, maxRetained: 10_000 });
const app = createBaselineApp({
  runner,
  strategyIds: strategyCatalogue.map((s) => s.id),
  symbols: market.symbols,
  defaultPortfolio: defaultPortfolio(market),
});
serve({ fetch: app.fetch, hostname: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 3100) });
process.on('SIGTERM', () => process.exit(0));
