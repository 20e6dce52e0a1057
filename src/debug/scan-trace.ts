// One scan's bounded trace. When a scan makes more records than the cap, the first half (spawns, the first transitions)
// and the newest half (how it ended) are kept and the middle is dropped: both ends are what a developer looks at, and
// every scan snapshot record is self-contained, so the page can draw any point after a gap.
import type { InspectionEvent } from 'xstate';
import { toTraceRecord, type TraceRecord } from './trace-record.js';

export interface TraceListener {
  record(record: TraceRecord): void;
  /** The trace is complete (the scan reached a final snapshot) or was dropped. */
  end(): void;
}

/** True for a trace's last record: the scan actor's final (or error) snapshot. */
export function endsTrace(record: TraceRecord): boolean {
  return record.root === true && record.kind === 'snapshot' && record.status !== 'active';
}

export class ScanTrace {
  readonly #head: TraceRecord[] = [];
  readonly #headCap: number;
  /** Ring buffer of the newest records: `#ring[(#ringStart + i) % tailCap]`, i < `#ringSize`. */
  readonly #ring: TraceRecord[] = [];
  readonly #tailCap: number;
  #ringStart = 0;
  #ringSize = 0;
  #seq = 0;
  #closed = false;
  #done = false;
  readonly #listeners = new Set<TraceListener>();

  constructor(
    cap: number,
    private readonly onRecord: (record: TraceRecord, last: boolean) => void = () => undefined,
  ) {
    this.#headCap = Math.floor(cap / 2);
    this.#tailCap = cap - this.#headCap;
  }

  get done(): boolean {
    return this.#done;
  }

  /** Records seen, kept or not. */
  get total(): number {
    return this.#seq;
  }

  add(event: InspectionEvent, at: number): void {
    if (this.#closed || this.#done) return;
    const record = toTraceRecord(event, this.#seq + 1, at);
    if (!record) return;
    this.#seq = record.seq;
    this.#keep(record);
    for (const listener of [...this.#listeners]) listener.record(record);
    // The scan actor's last snapshot (done, or error) is the last thing it reports.
    const last = endsTrace(record);
    this.onRecord(record, last);
    if (last) {
      this.#done = true;
      this.#endListeners();
    }
  }

  records(): TraceRecord[] {
    const tail: TraceRecord[] = [];
    for (let i = 0; i < this.#ringSize; i++) tail.push(this.#ring[(this.#ringStart + i) % this.#tailCap] as TraceRecord);
    return [...this.#head, ...tail];
  }

  listen(listener: TraceListener): void {
    this.#listeners.add(listener);
  }

  unlisten(listener: TraceListener): void {
    this.#listeners.delete(listener);
  }

  close(): void {
    this.#closed = true;
    this.#endListeners();
  }

  #keep(record: TraceRecord): void {
    if (this.#head.length < this.#headCap) {
      this.#head.push(record);
    } else if (this.#ringSize < this.#tailCap) {
      this.#ring.push(record);
      this.#ringSize += 1;
    } else {
      this.#ring[this.#ringStart] = record;
      this.#ringStart = (this.#ringStart + 1) % this.#tailCap;
    }
  }

  #endListeners(): void {
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const listener of listeners) listener.end();
  }
}
