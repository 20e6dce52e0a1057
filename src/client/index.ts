// `opportunity-scanner/client`: the typed client of the scanner's HTTP API (Node 20+ and browsers, fetch only).
export {
  createScannerClient,
  LONG_POLL_MS,
  MAX_STREAM_FAILURES,
  type FollowOptions,
  type ScanRequest,
  type ScanSnapshot,
  type ScanSummary,
  type ScannerClient,
  type ScannerClientOptions,
  type StartedScan,
  type StrategyInfo,
  type WaitOptions,
} from './scanner-client.js';
export { isRetryable, ScannerError, type ProblemDetails } from './scanner-error.js';
export type { components, paths } from './openapi-types.js';
