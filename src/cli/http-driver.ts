// Drives a running server through the typed client (src/client/): start, follow every new snapshot (event stream, or
// long-poll where streams fail), cancel, and read the trace.
import { createScannerClient, ScannerError } from '../client/index.js';
import type { ScanSnapshot } from '../engine/engine.js';
import type { TraceRecord } from '../debug/trace-record.js';
import { ScanRequestError, type ScanDriver, type ScanRequestOptions } from './scan-driver.js';

export interface HttpDriverOptions {
  url: string;
  token?: string;
  user: string;
}

/** The refusal as the CLI prints it: status, code, detail, and the valid strategies when the service listed them. */
function describeRefusal(error: ScannerError): string {
  const valid = error.problem.validStrategies;
  return `${error.status} ${error.code}: ${error.detail}${Array.isArray(valid) ? `\nvalid strategies: ${valid.join(', ')}` : ''}`;
}

// The client's snapshot type is the one /openapi.json documents; the CLI's views read the engine's, which it describes.
const asSnapshot = (snapshot: unknown): ScanSnapshot => snapshot as ScanSnapshot;

export function createHttpDriver(options: HttpDriverOptions): ScanDriver {
  const client = createScannerClient({ baseUrl: options.url, ...(options.token ? { token: options.token } : { userId: options.user }) });
  const stop = new AbortController();

  return {
    description: `via ${options.url}`,
    async start(request: ScanRequestOptions) {
      try {
        // A CLI run always starts its own scan, even if this user has another one running.
        return asSnapshot((await client.start({ ...request, force: true }, { signal: stop.signal })).snapshot);
      } catch (err) {
        if (err instanceof ScannerError) {
          if (err.status === 400) throw new ScanRequestError(describeRefusal(err));
          throw new Error(`the server refused the scan: ${describeRefusal(err)}`, { cause: err });
        }
        throw err;
      }
    },
    async follow(id, onUpdate) {
      try {
        let last: ScanSnapshot | undefined;
        for await (const snapshot of client.follow(id, { signal: stop.signal })) {
          last = asSnapshot(snapshot);
          onUpdate(last);
        }
        if (!last?.done) throw new Error('the scan ended without a final snapshot');
        return last;
      } catch (err) {
        if (err instanceof ScannerError) throw new Error(`reading the scan failed: ${describeRefusal(err)}`, { cause: err });
        throw err;
      }
    },
    async cancel(id) {
      await client.cancel(id);
    },
    async trace(id) {
      try {
        return (await client.trace(id)) as unknown as TraceRecord[];
      } catch (err) {
        if (err instanceof ScannerError) throw new Error(`reading the trace failed: ${describeRefusal(err)}`, { cause: err });
        throw err;
      }
    },
    close: async () => stop.abort(),
  };
}
