// Runs the scan in this process: the same engine the server builds (market, catalogue, pool), configured by the same
// SCANNER_* variables, driven through the same use cases.
import type { Config } from '../config.js';
import { TraceStore } from '../debug/trace-store.js';
import { buildEngine } from '../build-engine.js';
import { WarmStart } from '../core/warm-start.js';
import { EngineError } from '../engine/engine-error.js';
import { ScanRequestError, type ScanDriver, type ScanRequestOptions } from './scan-driver.js';

const CLI_USER = { userId: 'cli' };

/** Warm-start lines on stderr: problems always, progress only when SCANNER_LOG_LEVEL asks for info or more. */
const stderrLog = {
  info: (fields: Record<string, unknown>, message: string): void => {
    if (['info', 'debug', 'trace'].includes(process.env.SCANNER_LOG_LEVEL ?? 'warn')) process.stderr.write(`${message} ${JSON.stringify(fields)}\n`);
  },
  warn: (fields: Record<string, unknown>, message: string): void => void process.stderr.write(`warning: ${message} ${JSON.stringify(fields, errorFields)}\n`),
  error: (fields: Record<string, unknown>, message: string): void => void process.stderr.write(`error: ${message} ${JSON.stringify(fields, errorFields)}\n`),
};

function errorFields(_key: string, value: unknown): unknown {
  return value instanceof Error ? value.message : value;
}

export async function createInProcessDriver(config: Config, onError: (err: unknown) => void): Promise<ScanDriver> {
  const traces = new TraceStore({ cap: config.traceCap });
  // In-process means this process alone, even where SCANNER_REDIS_URL is set for the servers: a CLI run must not take
  // other people's scans from the shared queue. (`--url` drives a server, which may be distributed.)
  // The same saved costs as the server (SCANNER_STATE_DIR): each run plans from what the runs before it learned, and
  // saves what it learns. The scan starts once the workers are JIT-warm; no calibration (a run should not cost seconds
  // before its scan): what the scan does not measure is guessed at the rate the measured ones run at (cost-guess.ts).
  const warm = new WarmStart({ stateDir: config.scheduling.stateDir, calibration: false, cluster: null, catalogueUrl: config.catalogueUrl, log: stderrLog });
  const engine = await buildEngine(
    { ...config, distributed: null },
    { inspectorFor: traces.inspectorFor, onDrop: traces.drop, onError: (err) => onError(err), prepare: (core) => warm.attach(core) },
  );
  await warm.warm(engine);
  const source = config.market.dataDir ? `CSV data in ${config.market.dataDir}` : `the synthetic ${config.market.profile} market`;
  return {
    description: `in-process on ${source} (${engine.market.symbols.length} symbols, ${engine.threads} worker threads)`,
    async start(request: ScanRequestOptions) {
      try {
        return (await engine.start({ ...request, force: true }, CLI_USER)).snapshot;
      } catch (err) {
        if (!(err instanceof EngineError)) throw err;
        const valid = err.extra.validStrategies as string[] | undefined;
        throw new ScanRequestError(valid ? `${err.message}\nvalid strategies: ${valid.join(', ')}` : err.message);
      }
    },
    async follow(id, onUpdate) {
      let last = await engine.read(id, CLI_USER);
      for await (const snapshot of engine.follow(id, CLI_USER)) {
        if (snapshot.version !== last.version) onUpdate(snapshot);
        last = snapshot;
      }
      return last;
    },
    async cancel(id) {
      await engine.cancel(id, CLI_USER);
    },
    trace: async (id) => traces.records(id) ?? [],
    async close() {
      await engine.close();
      await warm.close();
    },
  };
}
