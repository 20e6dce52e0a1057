// The client side of the cluster suite: POSTs timed to the answer, and the moment a scan's final snapshot becomes
// observable on a given instance (long-polls that follow every version, as a poller would). Keep-alive sockets, one
// pool per client, loopback only.
import http from 'node:http';
import { LOOPBACK } from '../../lib/child-server.js';

/** The snapshot fields the suite reads. */
export interface Snapshot {
  id: string;
  userId: string;
  state: string;
  done: boolean;
  version: number;
  createdAt: string;
  finishedAt: string | null;
  deadlineAt: string;
  instance: string | null;
  progress: Record<'total' | 'succeeded' | 'failed' | 'timedOut' | 'skipped' | 'cancelled', number>;
  strategies: Array<{ id: string; status: string; error?: { code: string } }>;
  opportunities: unknown[];
}

export interface Answer<T> {
  status: number;
  body: T;
  /** Request sent → whole answer read, ms. */
  ms: number;
  /** Wall clock (Date.now()) when the answer was read: comparable with the snapshot's ISO times. */
  at: number;
}

export interface FinalSeen {
  snapshot: Snapshot;
  /** Wall-clock ms when the final version was read on the observing instance. */
  observedAt: number;
}

/** Long-poll length per request; a final scan answers at once. */
const POLL_WAIT_MS = 20_000;
/** A 503 (STORE_UNAVAILABLE: Redis did not answer the instance in time) is retried after this, as a poller would. */
const RETRY_503_MS = 250;
const MAX_503_RETRIES = 20;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class ScanClient {
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  /** 503 answers (STORE_UNAVAILABLE) this client got and retried, outside the timed POSTs. */
  unavailable = 0;

  request<T>(url: string, init: { method?: 'GET' | 'POST'; user: string; body?: unknown }): Promise<Answer<T>> {
    if (!url.startsWith(`http://${LOOPBACK}:`)) throw new Error(`loopback only, not ${url}`);
    const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
    const headers: Record<string, string> = { 'x-user-id': init.user };
    if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) });
    return new Promise((resolve, reject) => {
      const sent = performance.now();
      const req = http.request(url, { method: init.method ?? 'GET', agent: this.#agent, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const ms = performance.now() - sent;
          try {
            resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : null) as T, ms, at: Date.now() });
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
      });
      req.setTimeout(POLL_WAIT_MS + 10_000, () => req.destroy(new Error(`${url}: no answer in time`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** POST /v1/scans as `user` (a 503 is retried); throws unless it answers 202 with a new scan. */
  async post(baseUrl: string, user: string, body: unknown): Promise<Answer<Snapshot>> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.request<Snapshot>(`${baseUrl}/v1/scans`, { method: 'POST', user, body });
      if (answer.status === 503 && attempt < MAX_503_RETRIES) {
        this.unavailable++;
        await sleep(RETRY_503_MS);
        continue;
      }
      if (answer.status !== 202) throw new Error(`POST ${baseUrl}/v1/scans answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
      return answer;
    }
  }

  /** Follows the scan on `baseUrl` version by version until it is final; the time is when that answer was read. */
  async final(baseUrl: string, user: string, id: string, timeoutMs = 120_000): Promise<FinalSeen> {
    const until = Date.now() + timeoutMs;
    let version = 0;
    for (;;) {
      const answer = await this.request<Snapshot>(`${baseUrl}/v1/scans/${id}?waitMs=${POLL_WAIT_MS}&version=${version}`, { user });
      if (answer.status === 503 && Date.now() < until) {
        this.unavailable++;
        await sleep(RETRY_503_MS);
        continue;
      }
      if (answer.status !== 200) throw new Error(`GET ${baseUrl}/v1/scans/${id} answered ${answer.status}`);
      if (answer.body.done) return { snapshot: answer.body, observedAt: answer.at };
      if (Date.now() > until) throw new Error(`scan ${id} was not final within ${timeoutMs} ms (state ${answer.body.state})`);
      version = answer.body.version;
    }
  }

  close(): void {
    this.#agent.destroy();
  }
}
