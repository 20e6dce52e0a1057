// One log line per scan start and finish, the alert line for slow scans, and the scan metrics — wired into the engine's
// hooks by `observerHooks` (main.ts and the tests use it).
import type { Logger } from 'pino';
import type { EngineHooks } from '../build-engine.js';
import type { ScanStartInfo } from '../engine/engine.js';
import type { ScanSnapshot } from '../engine/engine.js';
import type { ScannerMetrics } from './metrics.js';

export interface ScanObserverOptions {
  logger: Logger;
  metrics: ScannerMetrics;
  /** A scan that takes longer than this (ms, registration → final) is logged at `warn`. */
  alertThresholdMs: number;
}


export interface ScanObserver {
  started(info: ScanStartInfo): void;
  finished(snapshot: ScanSnapshot): void;
  /** A strategy entered (true) or left (false) the runaway quarantine; the metrics gauge reads the engine itself. */
  quarantine(strategy: string, quarantined: boolean, hardKills: number): void;
  error(err: unknown, context: { scanId?: string }): void;
}

export function createScanObserver(options: ScanObserverOptions): ScanObserver {
  const { logger, metrics, alertThresholdMs } = options;
  return {
    started(info) {
      metrics.scansStarted.inc();
      logger.info({ ...info }, 'scan started');
    },
    finished(snapshot) {
      metrics.observeFinishedScan(snapshot);
      const fields = {
        scanId: snapshot.id,
        userId: snapshot.userId,
        state: snapshot.state,
        durationMs: snapshot.elapsedMs,
        budgetMs: snapshot.budgetMs,
        outcomes: snapshot.progress,
        opportunities: snapshot.opportunities.length,
      };
      logger.info(fields, 'scan finished');
      if (snapshot.elapsedMs > alertThresholdMs) {
        const slowest = [...snapshot.strategies]
          .filter((s) => s.durationMs !== null)
          .sort((a, b) => (b.durationMs ?? 0) - (a.durationMs ?? 0))
          .slice(0, 3)
          .map((s) => ({ id: s.id, status: s.status, durationMs: s.durationMs }));
        logger.warn({ ...fields, alertThresholdMs, slowest }, 'scan exceeded the alert threshold');
      }
    },
    quarantine(strategy, quarantined, hardKills) {
      if (quarantined) logger.warn({ strategy, hardKills }, 'strategy quarantined: hard-killed in consecutive runs, now planned after every strategy that can finish');
      else logger.info({ strategy }, 'strategy released from quarantine: it finished on its own');
    },
    error(err, context) {
      logger.error({ err, ...context }, context.scanId ? 'scan actor error' : 'worker pool error');
    },
  };
}

/** The engine hooks that feed an observer: start and finish lines, quarantine changes, actor and pool errors. */
export function observerHooks(observer: ScanObserver): EngineHooks {
  return {
    onStart: (info) => observer.started(info),
    onFinish: (snapshot) => observer.finished(snapshot),
    onQuarantine: (strategy, quarantined, hardKills) => observer.quarantine(strategy, quarantined, hardKills),
    onError: (err, context) => observer.error(err, context),
  };
}
