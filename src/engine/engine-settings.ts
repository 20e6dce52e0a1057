// The configuration's engine part, derived in one place: main.ts, the CLI, the tests and the benchmarks all build their
// engine from a Config through this, so a setting has one name from its environment variable to the pool option.
import type { Config } from '../config.js';
import type { EngineOptions } from './engine.js';

export type EngineSettings = Pick<EngineOptions, 'threads' | 'graceMs' | 'workerHeapMb' | 'catalogueUrl' | 'resultTtlMs' | 'maxRetained' | 'maxRetainedBytes' | 'limits' | 'scheduling' | 'instance'>;

export function engineSettings(config: Config): EngineSettings {
  return {
    threads: config.threads,
    graceMs: config.graceMs,
    workerHeapMb: config.workerHeapMb,
    catalogueUrl: config.catalogueUrl,
    resultTtlMs: config.resultTtlMs,
    maxRetained: config.maxRetained,
    maxRetainedBytes: config.maxRetainedBytes,
    limits: config.scans,
    instance: config.instanceId,
    scheduling: { quarantineAfter: config.scheduling.quarantineAfter, spareThreads: config.scheduling.spareThreads },
  };
}
