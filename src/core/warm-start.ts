// A process's way from cold to ready, and its learned costs' life beyond it:
// 1. attach (before the engine is returned): key the costs (market, pool size, strategy code), load the saved ones
//    (SCANNER_STATE_DIR) and the cluster's, set the first guess for what neither knows, and start keeping both copies
//    up to date as the model learns;
// 2. warm (in the background, once the engine exists): JIT warm-up, then calibration of whatever is still unknown
//    (when on), then ready — time to ready logged;
// 3. close: write what is pending.
// The engine's core is handed over through buildEngine's `prepare` hook (src/build-engine.ts); views read only
// `readiness` and `costs()`.
import { compiledUrl } from '../compiled-path.js';
import type { CalibrationResult } from './calibration.js';
import { costFilePath, readCostFile, writeCostFile, type CostFileLog } from '../scheduling/cost-file.js';
import { hasReference, referenceGuess } from '../scheduling/cost-guess.js';
import { COST_SOURCES, type CostSource, type StrategyCostModel } from '../scheduling/cost-model.js';
import { CostSaver } from '../scheduling/cost-saver.js';
import { costStateId, type CostStateKey } from '../scheduling/cost-state.js';
import type { CostEntry } from '../scheduling/cost-model.js';
import { marketFingerprint } from '../scheduling/market-fingerprint.js';
import { Readiness, READINESS_CONDITIONS, type ReadinessView } from '../scheduling/readiness.js';
import { strategyCodeHash } from '../scheduling/strategy-code-hash.js';
import { warmUp, type WarmUpPool } from '../scheduling/warm-up.js';
import type { MarketData } from '../../workers/market-data.js';
import { defaultPortfolio } from '../market/default-portfolio.js';

/** The cluster's costs are read again this often, so an instance keeps up with what the others learn. */
export const CLUSTER_REFRESH_MS = 10_000;

/** The cluster's copy of the costs for one key (src/cluster/cost-sync.ts). */
export interface SharedCosts {
  /** Where it lives, for log lines. */
  readonly hashKey: string;
  /** Every instance's estimates, merged. */
  read(): Promise<{ entries: CostEntry[]; instances: number; skipped: number }>;
  /** Replaces this instance's contribution. */
  publish(entries: readonly CostEntry[]): Promise<void>;
}

export interface WarmLog extends CostFileLog {
  error(fields: Record<string, unknown>, message: string): void;
}

export interface WarmStartOptions {
  /** Where costs are saved (SCANNER_STATE_DIR); null: nowhere (tests, benchmarks). */
  stateDir: string | null;
  /** Measure every strategy still unknown before calling the process ready. */
  calibration: boolean;
  /** Distributed mode: opens the cluster's copy of the costs for the key this process computes. */
  cluster: ((key: CostStateKey) => SharedCosts) | null;
  log: WarmLog;
  /** Catalogue module the workers load (its directory's code is hashed). */
  catalogueUrl?: string;
  saveIntervalMs?: number;
  clusterRefreshMs?: number;
}

/** The engine core's parts this module works on. */
export interface WarmCore {
  costModel: StrategyCostModel;
  pool: WarmUpPool & { readonly threads: number };
  market: MarketData;
}

/** The engine's parts `warm` uses. */
export interface WarmEngine {
  readonly catalogue: ReadonlyArray<{ id: string }>;
  ready(): Promise<void>;
  calibrate(): Promise<CalibrationResult[]>;
}

/** Where each strategy's full-market cost comes from, for /healthz and the /debug pool view. */
export interface CostReport {
  /** The cost key's short id (the Redis hash suffix); null before attach. */
  key: string | null;
  /** The state file, or null when costs are not saved. */
  stateFile: string | null;
  counts: Record<CostSource, number>;
  strategies: Array<{ strategy: string; source: CostSource; expectedMs: number | null }>;
}

export interface WarmView {
  readonly readiness: ReadinessView;
  costs(): CostReport;
}

export class WarmStart implements WarmView {
  readonly readiness: Readiness;
  readonly #options: WarmStartOptions;
  #core: WarmCore | undefined;
  #key: CostStateKey | undefined;
  #strategies: string[] = [];
  readonly #savers: CostSaver[] = [];
  #sync: SharedCosts | undefined;
  #refresh: NodeJS.Timeout | undefined;

  constructor(options: WarmStartOptions, readiness: Readiness = new Readiness()) {
    this.#options = options;
    this.readiness = readiness;
  }

  get stateFile(): string | null {
    return this.#options.stateDir === null ? null : costFilePath(this.#options.stateDir);
  }

  /** Loads what is known elsewhere into the core's cost model and keeps the copies up to date from now on. */
  async attach(core: WarmCore): Promise<void> {
    const { log } = this.#options;
    this.#core = core;
    const model = core.costModel;
    model.useGuess(referenceGuess(model, core.market));
    const key: CostStateKey = {
      market: marketFingerprint(core.market),
      threads: core.pool.threads,
      code: await strategyCodeHash(this.#options.catalogueUrl ?? compiledUrl('workers/strategy-catalogue')),
    };
    this.#key = key;
    const file = this.stateFile;
    if (file) {
      const saved = await readCostFile(file, key, log);
      if (saved.kind === 'loaded') log.info({ file, estimates: model.importEntries(saved.entries, 'saved'), savedAt: saved.savedAt }, 'strategy costs loaded from saved state');
    }
    if (this.#options.cluster) {
      this.#sync = this.#options.cluster(key);
      await this.#readCluster(true);
    }
    // Savers start after the loads: loading is not a change worth writing back.
    const interval = { intervalMs: this.#options.saveIntervalMs };
    if (file) this.#savers.push(new CostSaver(model, (m) => writeCostFile(file, key, m.exportEntries()), { ...interval, onError: (err) => log.warn({ err, file }, 'saving strategy costs failed') }));
    const sync = this.#sync;
    if (sync) {
      this.#savers.push(new CostSaver(model, (m) => sync.publish(m.exportEntries(['measured', 'calibrated'])), { ...interval, onError: (err) => log.warn({ err }, 'sharing strategy costs with the cluster failed') }));
      this.#refresh = setInterval(() => void this.#readCluster(false), this.#options.clusterRefreshMs ?? CLUSTER_REFRESH_MS);
      this.#refresh.unref();
    }
  }

  /** JIT warm-up, then calibration of what is still unknown (when on); resolves once ready. Never rejects. */
  async warm(engine: WarmEngine): Promise<void> {
    const { log } = this.#options;
    const core = this.#core;
    this.#strategies = engine.catalogue.map((s) => s.id);
    try {
      await engine.ready();
      this.readiness.satisfy('workers');
      if (!this.#options.calibration) this.readiness.satisfy('costs');
      if (core) {
        // Only strategies known to finish: one that never did (it fails, or runs away) has no code worth warming, and
        // running it would only hold threads (calibration, when on, measures it).
        const model = core.costModel;
        const warmable = this.#strategies.filter((s) => hasReference(s) || model.estimate(s)?.censored === false);
        const params = { symbols: [...core.market.symbols], portfolio: defaultPortfolio(core.market) };
        const jit = await warmUp(core.pool, warmable, params);
        log.info({ strategies: warmable.length, runs: jit.runs, durationMs: Math.round(jit.durationMs) }, 'strategies warmed up on the workers');
      }
      this.readiness.satisfy('jit');
      if (this.#options.calibration) {
        const started = performance.now();
        const results = await engine.calibrate();
        if (results.length > 0) {
          const expectedMs = Object.fromEntries(results.map((r) => [r.strategy, r.expectedMs === null ? null : Math.round(r.expectedMs)]));
          log.info({ durationMs: Math.round(performance.now() - started), expectedMs }, 'strategy costs calibrated on the loaded market');
        }
      }
    } catch (err) {
      // A failed warm-up or calibration leaves the costs to be learned by scans; the process is as ready as it will get.
      log.warn({ err }, 'warm-up failed: scans are planned from what they teach');
    }
    for (const condition of READINESS_CONDITIONS) this.readiness.satisfy(condition);
    log.info({ secondsToReady: this.readiness.secondsToReady, costs: this.costs().counts }, 'ready');
  }

  costs(): CostReport {
    const model = this.#core?.costModel;
    const counts = Object.fromEntries(COST_SOURCES.map((s) => [s, 0])) as Record<CostSource, number>;
    const strategies = this.#strategies.map((strategy) => {
      const source = model?.sourceOf(strategy) ?? 'guessed';
      counts[source]++;
      const expectedMs = model?.expectedMs(strategy);
      return { strategy, source, expectedMs: expectedMs === undefined ? null : Math.round(expectedMs * 10) / 10 };
    });
    return { key: this.#key ? costStateId(this.#key) : null, stateFile: this.stateFile, counts, strategies };
  }

  /** Stops refreshing and writes what is pending (file and cluster). */
  async close(): Promise<void> {
    clearInterval(this.#refresh);
    await Promise.all(this.#savers.map((s) => s.close()));
  }

  async #readCluster(first: boolean): Promise<void> {
    const sync = this.#sync;
    const model = this.#core?.costModel;
    if (!sync || !model) return;
    try {
      const { entries, instances, skipped } = await sync.read();
      const adopted = model.importEntries(entries, 'cluster');
      if (first || adopted > 0) this.#options.log.info({ hash: sync.hashKey, instances, adopted, skipped }, 'strategy costs read from the cluster');
    } catch (err) {
      if (first) this.#options.log.warn({ err, hash: sync.hashKey }, 'reading the cluster costs failed: planning from saved and learned costs');
    }
  }
}

