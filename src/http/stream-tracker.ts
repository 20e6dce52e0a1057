// Open event streams, bounded: each registers how to end it, so that shutdown can end them all and `server.close()`
// is not held open forever by a long-lived response (hono gotcha: it waits on open SSE streams).

export class StreamTracker {
  readonly #max: number;
  readonly #open = new Set<() => void>();
  #emptied: (() => void)[] = [];

  constructor(max: number) {
    this.#max = max;
  }

  get size(): number {
    return this.#open.size;
  }

  /**
   * Registers a stream; `end` must close it. Returns the release function to call when the stream ends (idempotent),
   * or undefined when the bound is reached.
   */
  add(end: () => void): (() => void) | undefined {
    if (this.#open.size >= this.#max) return undefined;
    this.#open.add(end);
    return () => {
      if (!this.#open.delete(end) || this.#open.size > 0) return;
      const waiters = this.#emptied;
      this.#emptied = [];
      for (const resolve of waiters) resolve();
    };
  }

  /** Resolves when no stream is open, or after `timeoutMs`; true if empty. */
  async whenEmpty(timeoutMs: number): Promise<boolean> {
    if (this.#open.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const emptied = new Promise<boolean>((resolve) => this.#emptied.push(() => resolve(true)));
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(this.#open.size === 0), timeoutMs);
    });
    try {
      return await Promise.race([emptied, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends every open stream. */
  endAll(): void {
    for (const end of [...this.#open]) end();
  }
}
