// The placement port: where a new scan runs. The local dispatcher (src/engine/local-placement.ts) runs it on this process
// at once; distributed mode (src/cluster/queue-placement.ts) queues it in BullMQ, and whichever instance has a free
// worker pulls it. Either way a scan that runs here is an actor in this process's registry.
import type { ScanRequest } from '../core/scan-registry.js';
import type { ScanSnapshot } from '../core/scan-snapshot.js';
import type { EngineError } from './engine-error.js';

export interface Placement {
  /**
   * The refusal any start by this user would get now, whatever it asks (undefined: none). Synchronous and cheap, so
   * adapters answer it before reading a request body.
   */
  earlyRefusal(userId: string): EngineError | undefined;
  /**
   * The new scan's first snapshot. Local: admits it (count bounds, deadline prediction) and runs it here at once. Queue:
   * its `initiated` snapshot, to wait in the shared queue. Synchronous: the store calls it inside its registration.
   */
  prepare(request: ScanRequest): ScanSnapshot;
  /** Hands a registered scan over to where it runs; resolves once it is there (locally it already runs). */
  dispatch(snapshot: ScanSnapshot, request: ScanRequest): Promise<void>;
  /** Places no more scans on this process (shutdown); scans already here run on. */
  stop(): Promise<void>;
}
