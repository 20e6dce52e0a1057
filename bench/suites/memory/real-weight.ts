// Memory suite, part (3): what a retained scan with real results weighs. One real scan per market profile is computed
// (every real strategy run whole on the profile's market, as a scan runs it), then `scans` scans replaying those results
// (./replay-catalogue.ts) finish and stay retained; the heap and RSS they add, divided by their count, is the weight of
// one retained real scan. The fixture figure (part 1) holds three tiny strategies; real scans hold every opportunity
// their strategies found, and the request's symbols and portfolio.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledUrl } from '../../../src/compiled-path.js';
import { estimateRetainedBytes } from '../../../src/core/retained-weight.js';
import type { MarketProfile } from '../../../src/market/profiles.js';
import { runWindowed } from '../../lib/concurrency.js';
import { createObservedService, fixtureScan } from '../../lib/engine.js';
import { settledHeapUsed } from '../../lib/gc.js';
import { benchMarket, neverStop, realCatalogue } from '../../lib/market.js';
import { REPLAY_FILE_ENV } from './replay-file.js';

export interface RealWeight {
  profile: MarketProfile;
  /** Opportunities the real strategies found on this market (all of them, before ranking). */
  found: number;
  /** Opportunities a final snapshot lists (ranked, capped). */
  listed: number;
  /** Size of one final snapshot as JSON, bytes (what the store holds per scan). */
  jsonBytes: number;
  /** What src/core/retained-weight.ts estimates one of them weighs, bytes (retention is bounded by this). */
  estimated: number;
  /** Heap and RSS each retained scan adds, bytes, one sample per round. */
  heapPerScan: number[];
  rssPerScan: number[];
  /** How long computing the real results took, ms (single thread). */
  recordMs: number;
}

const IN_FLIGHT = 20;

export async function measureRealWeight(profile: MarketProfile, scans: number, rounds: number, log: (message: string) => void): Promise<RealWeight> {
  const { market, params } = await benchMarket(profile);
  const catalogue = await realCatalogue();
  const started = performance.now();
  const found = Object.fromEntries(catalogue.map((s) => [s.id, s.run(market, params, neverStop)]));
  const recordMs = performance.now() - started;
  log(`${profile}: real results recorded in ${Math.round(recordMs)} ms; retaining ${scans} scans × ${rounds}`);

  const dir = mkdtempSync(join(tmpdir(), 'bench-replay-'));
  const file = join(dir, `${profile}.json`);
  writeFileSync(file, JSON.stringify(found));
  const previous = process.env[REPLAY_FILE_ENV];
  process.env[REPLAY_FILE_ENV] = file; // read by the pool's workers as they load the replay catalogue
  const service = createObservedService({
    resultTtlMs: 3_600_000,
    maxRetained: scans * 2,
    maxRetainedBytes: Number.MAX_SAFE_INTEGER,
    catalogueUrl: compiledUrl('bench/suites/memory/replay-catalogue'),
  });
  const request = fixtureScan(Object.keys(found), { params });
  const heapPerScan: number[] = [];
  const rssPerScan: number[] = [];
  let jsonBytes = 0;
  let listed = 0;
  let estimated = 0;
  try {
    const run = async (): Promise<void> => {
      const { snapshot } = await service.finished(service.registry.create(request));
      jsonBytes = JSON.stringify(snapshot).length;
      listed = snapshot.opportunities.length;
      estimated = estimateRetainedBytes(snapshot);
    };
    await runWindowed(IN_FLIGHT, IN_FLIGHT, run);
    for (let round = 0; round < rounds; round++) {
      service.registry.clear();
      const heapBefore = settledHeapUsed();
      const rssBefore = process.memoryUsage().rss;
      await runWindowed(scans, IN_FLIGHT, run);
      if (service.registry.retainedCount !== scans) throw new Error(`retained ${service.registry.retainedCount} scans, expected ${scans}`);
      heapPerScan.push((settledHeapUsed() - heapBefore) / scans);
      rssPerScan.push((process.memoryUsage().rss - rssBefore) / scans);
    }
  } finally {
    await service.close();
    if (previous === undefined) delete process.env[REPLAY_FILE_ENV];
    else process.env[REPLAY_FILE_ENV] = previous;
    rmSync(dir, { recursive: true, force: true });
  }
  const total = Object.values(found).reduce((n, list) => n + list.length, 0);
  return { profile, found: total, listed, jsonBytes, estimated, heapPerScan, rssPerScan, recordMs };
}
