// RFC 9457 problem responses for the debug routes, in the contract's shape ({ type, title, status, detail, code }).
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type DebugProblemCode = 'SCAN_NOT_FOUND' | 'TRACE_NOT_FOUND' | 'STREAM_CAPACITY' | 'NOT_FOUND';

export function debugProblem(c: Context, status: ContentfulStatusCode, code: DebugProblemCode, title: string, detail: string): Response {
  const type = `https://opportunity-scanner.dev/problems/${code.toLowerCase().replaceAll('_', '-')}`;
  return c.body(JSON.stringify({ type, title, status, detail, code }), status, { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' });
}
