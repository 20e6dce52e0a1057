// The HTTP layer's view of the process lifecycle: whether shutdown has begun, a signal that fires when it does (long
// polls answer at once), and the open event streams.
import { StreamTracker } from './stream-tracker.js';

export class HttpLifecycle {
  readonly streams: StreamTracker;
  readonly #shutdown = new AbortController();

  constructor(options: { maxStreams: number }) {
    this.streams = new StreamTracker(options.maxStreams);
  }

  get shuttingDown(): boolean {
    return this.#shutdown.signal.aborted;
  }

  /** Aborts when shutdown begins. */
  get signal(): AbortSignal {
    return this.#shutdown.signal;
  }

  /** From now on /healthz answers 503 and new scans are refused. */
  beginShutdown(): void {
    this.#shutdown.abort();
  }
}
