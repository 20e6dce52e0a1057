// A strategy that had to be hard-killed in several consecutive runs (it ignores its stop-check) is quarantined: plans put
// it after every strategy that can finish, so it only ever takes a thread that would otherwise idle. One run that ends on
// its own (finished, or stopped cooperatively) lifts the quarantine.

export interface RunawayQuarantineOptions {
  /** Consecutive hard kills that quarantine a strategy; 0 turns quarantine off. */
  after: number;
  /** Called when a strategy enters (true) or leaves (false) quarantine. */
  onChange?: (strategy: string, quarantined: boolean, hardKills: number) => void;
}

export const DEFAULT_QUARANTINE_AFTER = 3;

export class RunawayQuarantine {
  readonly #after: number;
  readonly #onChange: NonNullable<RunawayQuarantineOptions['onChange']>;
  /** Consecutive hard kills per strategy (absent = 0). */
  readonly #kills = new Map<string, number>();

  constructor(options: RunawayQuarantineOptions) {
    this.#after = options.after;
    this.#onChange = options.onChange ?? (() => undefined);
  }

  hardKilled(strategy: string): void {
    const kills = (this.#kills.get(strategy) ?? 0) + 1;
    this.#kills.set(strategy, kills);
    if (this.#after > 0 && kills === this.#after) this.#onChange(strategy, true, kills);
  }

  /** The strategy returned on its own: its run of hard kills is over. */
  finished(strategy: string): void {
    const kills = this.#kills.get(strategy);
    if (kills === undefined) return;
    this.#kills.delete(strategy);
    if (this.#after > 0 && kills >= this.#after) this.#onChange(strategy, false, 0);
  }

  isQuarantined(strategy: string): boolean {
    return this.#after > 0 && (this.#kills.get(strategy) ?? 0) >= this.#after;
  }

  /** Quarantined strategies, for metrics and health. */
  list(): string[] {
    return [...this.#kills].filter(([id]) => this.isQuarantined(id)).map(([id]) => id);
  }
}
