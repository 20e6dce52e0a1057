// The Node HTTP server's own bounds and its answers to requests that never reach the app. Node's defaults hold a request
// whose body stalls for 300 s (requestTimeout) and check that only every 30 s (connectionsCheckingInterval); what it then
// sends, and what it sends for unparsable HTTP, is a bare status line with no problem+json. Here both bounds come from
// the configuration, and those answers are problem+json like every other refusal.
import { STATUS_CODES, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HttpLimits } from '../config.js';
import { PROBLEM_CONTENT_TYPE, problemBody, ServiceError } from '../web/problem.js';

/** How often Node looks for requests past their timeouts: the 408 comes at most this long after the bound. */
const MAX_CHECK_INTERVAL_MS = 1_000;

/** Options for `http.createServer` (`serve({ serverOptions })`): the configured request and header timeouts. */
export function httpServerOptions(limits: Pick<HttpLimits, 'requestTimeoutMs' | 'headersTimeoutMs'>): ServerOptions {
  return {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    connectionsCheckingInterval: Math.min(MAX_CHECK_INTERVAL_MS, Math.ceil(limits.headersTimeoutMs / 2)),
  };
}

/** What Node reports on a connection, as the problem it answers (Node's own choice of status for each). */
function clientProblem(code: string | undefined): ServiceError {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ServiceError('REQUEST_TIMEOUT', 408, { detail: 'The request was not received in full within the request timeout.' });
    case 'HPE_HEADER_OVERFLOW':
      return new ServiceError('BAD_REQUEST', 431, { detail: 'The request headers are too large.' });
    default:
      return new ServiceError('BAD_REQUEST', 400, { detail: 'The request is not valid HTTP/1.1.' });
  }
}

/**
 * Answers what Node's HTTP parser and timeouts refuse ('clientError') with problem+json and closes the connection. Only
 * while nothing of a response went out on the socket: Node keeps the response in flight as `socket._httpMessage`
 * (the same check its own default handler makes in lib/_http_server.js).
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', function answerClientError(err: NodeJS.ErrnoException, socket: Duplex) {
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const problem = clientProblem(err.code);
    const body = JSON.stringify(problemBody(problem));
    socket.end(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
