// The throughput suite's fair anchor: the bytes of the service's answer to a status poll, served by a bare Hono route in
// its own process (bench/baselines/same-bytes-server-main.ts).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compiledPath } from '../../src/compiled-path.js';
import { startChildServer, type ChildServer } from './child-server.js';

export interface PolledResponse {
  body: string;
  etag: string;
  contentType: string;
}

/** One GET of `url` as `user`: the body and the headers the anchor must reproduce. */
export async function fetchPolled(url: string, user: string): Promise<PolledResponse> {
  const res = await fetch(url, { headers: { 'x-user-id': user, connection: 'close' } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  return { body, etag: res.headers.get('etag') ?? '', contentType: res.headers.get('content-type') ?? '' };
}

/** Starts the anchor serving `polled` at GET /v1/scans/:id. */
export async function startSameBytesServer(polled: PolledResponse): Promise<ChildServer> {
  if (polled.contentType !== 'application/json; charset=utf-8') throw new Error(`the anchor serves application/json; charset=utf-8, the service sent ${polled.contentType}`);
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-same-bytes-'));
  const bodyFile = path.join(dir, 'body.json');
  try {
    await writeFile(bodyFile, polled.body);
    return await startChildServer({
      label: 'same-bytes',
      script: compiledPath('bench/baselines/same-bytes-server-main'),
      env: { BENCH_BODY_FILE: bodyFile, BENCH_ETAG: polled.etag },
      readyPath: '/v1/scans/ready',
    });
  } finally {
    // The server reads the file once at start-up: once it answers, the file has served its purpose.
    await rm(dir, { recursive: true, force: true });
  }
}
