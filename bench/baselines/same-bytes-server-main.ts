// Process entry of the fair anchor for the throughput suite: a bare Hono route on @hono/node-server that answers
// GET /v1/scans/:id with the exact bytes and headers the service sends for a finished scan, and nothing else (no
// middleware, no lookup). The service's status 200 over this isolates what its own work costs per response.
// Env: HOST, PORT, BENCH_BODY_FILE (the body, read once at start-up), BENCH_ETAG.
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const bodyFile = process.env.BENCH_BODY_FILE;
if (!bodyFile) throw new Error('BENCH_BODY_FILE is not set');
// A string, as the service hands its cached serialized snapshot to c.body().
const body = readFileSync(bodyFile, 'utf8');
const headers = { 'Content-Type': 'application/json; charset=utf-8', ETag: process.env.BENCH_ETAG ?? '"0"', 'Cache-Control': 'no-store' };

const app = new Hono();
app.get('/v1/scans/:id', (c) => c.body(body, 200, headers));
serve({ fetch: app.fetch, hostname: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 3201) });
process.on('SIGTERM', () => process.exit(0));
