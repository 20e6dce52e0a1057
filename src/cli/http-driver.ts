// Drives a running server: POST /v1/scans, then long-poll GET /v1/scans/{id}?waitMs=&version= until the scan is final.
import type { TraceRecord } from '../debug/trace-record.js';
import type { ScanSnapshot } from '../engine/engine.js';
import { ScanRequestError, type ScanDriver, type ScanRequestOptions } from './scan-driver.js';

/** Long-poll window: short enough that a dead server is noticed, long enough to cost nothing. */
const WAIT_MS = 5_000;
const REQUEST_TIMEOUT_MS = WAIT_MS + 10_000;

export interface HttpDriverOptions {
  url: string;
  token?: string;
  user: string;
}

interface Problem {
  code?: string;
  detail?: string;
  validStrategies?: string[];
}

async function problemMessage(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const problem = JSON.parse(text) as Problem;
    const valid = problem.validStrategies ? `\nvalid strategies: ${problem.validStrategies.join(', ')}` : '';
    return `${res.status} ${problem.code ?? ''}: ${problem.detail ?? text}${valid}`;
  } catch {
    return `${res.status}: ${text.slice(0, 200)}`;
  }
}

export function createHttpDriver(options: HttpDriverOptions): ScanDriver {
  const headers: Record<string, string> = options.token ? { Authorization: `Bearer ${options.token}` } : { 'X-User-Id': options.user };
  const call = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${options.url}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });

  return {
    description: `via ${options.url}`,
    async start(request: ScanRequestOptions) {
      // A CLI run always starts its own scan, even if this user has another one running.
      const res = await call('/v1/scans', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...request, force: true }) });
      if (res.status === 400) throw new ScanRequestError(await problemMessage(res));
      if (res.status !== 202) throw new Error(`the server refused the scan: ${await problemMessage(res)}`);
      return (await res.json()) as ScanSnapshot;
    },
    async follow(id, onUpdate) {
      let version = 0;
      for (;;) {
        const res = await call(`/v1/scans/${encodeURIComponent(id)}?waitMs=${WAIT_MS}&version=${version}`);
        if (res.status !== 200) throw new Error(`reading the scan failed: ${await problemMessage(res)}`);
        const snapshot = (await res.json()) as ScanSnapshot;
        if (snapshot.version !== version) onUpdate(snapshot);
        version = snapshot.version;
        if (snapshot.done) return snapshot;
      }
    },
    async cancel(id) {
      const res = await call(`/v1/scans/${encodeURIComponent(id)}`, { method: 'DELETE' });
      await res.body?.cancel();
    },
    async trace(id) {
      const res = await call(`/v1/scans/${encodeURIComponent(id)}/trace`);
      if (res.status !== 200) throw new Error(`reading the trace failed: ${await problemMessage(res)}`);
      return (await res.json()) as TraceRecord[];
    },
    close: async () => undefined,
  };
}
