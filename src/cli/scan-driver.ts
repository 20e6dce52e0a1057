// What the CLI needs from "a scanner", whether it runs in this process or behind a server.
import type { TraceRecord } from '../debug/trace-record.js';
import type { ScanSnapshot } from '../engine/engine.js';

export interface ScanRequestOptions {
  strategies?: string[];
  symbols?: string[];
  budgetMs?: number;
  strategyTimeoutMs?: number;
}

export interface ScanDriver {
  /** Where the scan runs, for the header line. */
  readonly description: string;
  /** Starts a scan; resolves with its first snapshot. */
  start(request: ScanRequestOptions): Promise<ScanSnapshot>;
  /** Reports every new snapshot; resolves with the final one. */
  follow(id: string, onUpdate: (snapshot: ScanSnapshot) => void): Promise<ScanSnapshot>;
  cancel(id: string): Promise<void>;
  /** The scan's trace records (GET /v1/scans/{id}/trace), oldest first. */
  trace(id: string): Promise<TraceRecord[]>;
  close(): Promise<void>;
}

/** The request cannot be run as given (unknown strategy, bad symbol, rejected by the server's validation): exit 2. */
export class ScanRequestError extends Error {
  override readonly name = 'ScanRequestError';
}
