// The live view while a scan runs (cli-progress, on stderr): strategies settled of total, and time elapsed of the budget.
// On a terminal it redraws in place; otherwise (CI logs, pipes) it prints the bars once a second.
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { ScanSnapshot } from '../engine/engine.js';

const REDRAW_MS = 100;

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

export class ProgressView {
  readonly #bars: MultiBar;
  readonly #strategies: SingleBar;
  readonly #time: SingleBar;
  readonly #budgetMs: number;
  readonly #startedAt = Date.now();
  readonly #timer: NodeJS.Timeout;
  #last: ScanSnapshot;

  constructor(first: ScanSnapshot, stream: NodeJS.WriteStream = process.stderr) {
    this.#last = first;
    this.#budgetMs = first.budgetMs;
    this.#bars = new MultiBar(
      {
        stream,
        format: '{label} {bar} {detail}',
        barsize: 30,
        hideCursor: true,
        noTTYOutput: true,
        notTTYSchedule: 1000,
        // We stop the bars ourselves (and cancel the scan) on Ctrl-C.
        gracefulExit: false,
      },
      Presets.shades_classic,
    );
    this.#strategies = this.#bars.create(first.progress.total, 0, { label: 'strategies', detail: '' });
    this.#time = this.#bars.create(first.budgetMs, 0, { label: 'time      ', detail: '' });
    this.#timer = setInterval(() => this.#render(), REDRAW_MS);
    this.#render();
  }

  update(snapshot: ScanSnapshot): void {
    this.#last = snapshot;
    this.#render();
  }

  /** Draws the final state and releases the terminal. */
  stop(final: ScanSnapshot): void {
    this.#last = final;
    clearInterval(this.#timer);
    this.#render();
    this.#bars.stop();
  }

  #render(): void {
    const s = this.#last;
    const { total, queued, running } = s.progress;
    const settled = total - queued - running;
    const elapsed = s.done ? s.elapsedMs : Math.min(Date.now() - this.#startedAt, this.#budgetMs);
    this.#strategies.update(settled, {
      detail: `${settled}/${total} settled · ${running} running · ${s.opportunities.length} opportunities`,
    });
    this.#time.update(Math.min(elapsed, this.#budgetMs), { detail: `${seconds(elapsed)}s / ${seconds(this.#budgetMs)}s · ${s.state}` });
  }
}
