// Keeps a copy of the cost model (a file, the cluster's hash) up to date, no more often than it needs to be: nothing is
// written while nothing changed, and changes are written together at most once per interval, so a busy server writes a
// few hundred bytes every few seconds, not once per finished strategy. `flush` writes what is pending (shutdown, the
// CLI's exit). Writes never overlap.
import type { StrategyCostModel } from './cost-model.js';

/** Default: at most one write per 5 s; after kill -9 at most this much learning is lost. */
export const DEFAULT_COST_SAVE_INTERVAL_MS = 5_000;

export interface CostSaverOptions {
  intervalMs?: number;
  onError(err: unknown): void;
}

export class CostSaver {
  readonly #model: StrategyCostModel;
  readonly #write: (model: StrategyCostModel) => Promise<unknown>;
  readonly #options: CostSaverOptions;
  readonly #unsubscribe: () => void;
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  #writes = 0;

  /** `write` exports what it keeps from the model (everything for a file, this process's own for the cluster). */
  constructor(model: StrategyCostModel, write: (model: StrategyCostModel) => Promise<unknown>, options: CostSaverOptions) {
    this.#model = model;
    this.#write = write;
    this.#options = options;
    this.#unsubscribe = model.onChange(() => this.#changed());
  }

  /** Writes done so far (tests and the state-size note read it). */
  get writes(): number {
    return this.#writes;
  }

  /** Writes now if anything changed since the last write. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#dirty) return this.#writing;
    this.#dirty = false;
    this.#writing = this.#writing
      .then(() => this.#write(this.#model))
      .then(
        () => void this.#writes++,
        (err: unknown) => this.#options.onError(err),
      );
    return this.#writing;
  }

  /** Stops watching the model and writes what is pending. */
  async close(): Promise<void> {
    this.#unsubscribe();
    await this.flush();
  }

  #changed(): void {
    this.#dirty = true;
    if (this.#timer) return;
    this.#timer = setTimeout(() => void this.flush(), this.#options.intervalMs ?? DEFAULT_COST_SAVE_INTERVAL_MS);
    this.#timer.unref();
  }
}
