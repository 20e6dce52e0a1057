// Process entry of the refusals suite's anchor: a bare Hono app on @hono/node-server that answers the suite's two
// requests — POST /v1/scans with its JSON body, and GET /v1/scans/:id — with the exact status, headers and body the
// service sent for them (a 429 and a 404), and does nothing else (no middleware, no engine). What the two requests cost
// before the service does any work of its own: receiving a POST's body is part of what a refusal costs, and a 404 GET
// has none. Env: HOST, PORT, BENCH_REFUSAL and BENCH_NOT_FOUND (each a JSON `RecordedAnswer`).
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

export interface RecordedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function recorded(name: string): RecordedAnswer {
  const json = process.env[name];
  if (!json) throw new Error(`${name} is not set`);
  return JSON.parse(json) as RecordedAnswer;
}

const refusal = recorded('BENCH_REFUSAL');
const notFound = recorded('BENCH_NOT_FOUND');

const app = new Hono();
app.post('/v1/scans', () => new Response(refusal.body, { status: refusal.status, headers: refusal.headers }));
app.get('/v1/scans/:id', () => new Response(notFound.body, { status: notFound.status, headers: notFound.headers }));
app.get('/healthz', (c) => c.text('ok'));
serve({ fetch: app.fetch, hostname: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 3202) });
process.on('SIGTERM', () => process.exit(0));
