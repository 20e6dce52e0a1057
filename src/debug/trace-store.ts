// Per-scan traces of XState inspection events, for the visualizer. The registry asks `inspectorFor(scanId)` when it
// creates a scan's actor and calls `drop(scanId)` when it forgets the scan, so a trace lives exactly as long as its scan.
// Everything is bounded: records per scan (`cap`), traced scans (`maxScans`), live listeners (`maxListeners`).
import type { InspectionEvent } from 'xstate';
import { ScanTrace, type TraceListener } from './scan-trace.js';
import type { TraceRecord } from './trace-record.js';

export type { TraceListener } from './scan-trace.js';

export interface TraceStoreOptions {
  /** Records kept per scan: the first half and the newest half; records in between are dropped. 0 turns tracing off. */
  cap: number;
  /** Traces kept at most; past it the oldest trace is dropped (its scan stays readable, its trace does not). */
  maxScans?: number;
  /** Live subscriptions (SSE streams) across all scans. */
  maxListeners?: number;
  /** Wall-clock ms for record timestamps. */
  now?: () => number;
  /** A trace failed (a bug in tracing or in a live listener); that scan's trace is closed, the scan goes on. */
  onError?: (err: unknown, scanId: string) => void;
}

/** Sees every record of every trace as it is taken (distributed mode mirrors them to Redis); `last` ends the trace. */
export type TraceRecordObserver = (scanId: string, record: TraceRecord, last: boolean) => void;

export type TraceSubscription =
  | { ok: true; backlog: TraceRecord[]; done: boolean; unsubscribe: () => void }
  | { ok: false; reason: 'unknown' | 'busy' };

export const DEFAULT_MAX_TRACED_SCANS = 1000;
export const DEFAULT_MAX_TRACE_LISTENERS = 64;

export class TraceStore {
  readonly cap: number;
  readonly maxScans: number;
  readonly maxListeners: number;
  /** Insertion order = eviction order for `maxScans`. */
  readonly #traces = new Map<string, ScanTrace>();
  readonly #now: () => number;
  readonly #onError: (err: unknown, scanId: string) => void;
  readonly #observers = new Set<TraceRecordObserver>();
  #listeners = 0;

  constructor(options: TraceStoreOptions) {
    if (!Number.isInteger(options.cap) || options.cap < 0) throw new RangeError(`trace cap must be an integer ≥ 0, got ${options.cap}`);
    this.cap = options.cap;
    this.maxScans = options.maxScans ?? DEFAULT_MAX_TRACED_SCANS;
    this.maxListeners = options.maxListeners ?? DEFAULT_MAX_TRACE_LISTENERS;
    this.#now = options.now ?? Date.now;
    this.#onError = options.onError ?? (() => undefined);
  }

  /**
   * Starts the scan's trace and returns the observer to pass as `createActor(…, { inspect })`; undefined when tracing
   * is off (cap 0), so the actor is not inspected at all. An arrow property so it can be handed over unbound
   * (`inspectorFor: traces.inspectorFor`).
   */
  readonly inspectorFor = (scanId: string): ((event: InspectionEvent) => void) | undefined => {
    this.drop(scanId);
    if (this.cap === 0 || this.maxScans === 0) return undefined;
    while (this.#traces.size >= this.maxScans) {
      const oldest = this.#traces.keys().next().value as string;
      this.drop(oldest);
    }
    const trace = new ScanTrace(this.cap, (record, last) => {
      for (const observer of this.#observers) observer(scanId, record, last);
    });
    this.#traces.set(scanId, trace);
    // A dropped trace is closed: events of a scan still running after its trace was evicted are ignored.
    return (event) => {
      try {
        trace.add(event, this.#now());
      } catch (err) {
        // XState calls inspectors inline, inside the actor's own step: a throw here would fail the scan itself.
        trace.close();
        this.#onError(err, scanId);
      }
    };
  };

  /** Forgets the scan's trace and ends its live listeners. */
  readonly drop = (scanId: string): void => {
    const trace = this.#traces.get(scanId);
    if (!trace) return;
    this.#traces.delete(scanId);
    trace.close();
  };

  /** Calls `observer` with every record taken from now on. */
  observe(observer: TraceRecordObserver): void {
    this.#observers.add(observer);
  }

  has(scanId: string): boolean {
    return this.#traces.has(scanId);
  }

  /** The kept records, oldest first, or undefined when the scan has no trace. */
  records(scanId: string): TraceRecord[] | undefined {
    return this.#traces.get(scanId)?.records();
  }

  /** True once the scan actor reached a final (or error) snapshot: no record will follow. */
  isDone(scanId: string): boolean {
    return this.#traces.get(scanId)?.done ?? false;
  }

  /**
   * The records so far plus every later one, atomically (no record is missed or repeated between the two).
   * A finished trace registers no listener. `busy` when `maxListeners` streams are open.
   */
  subscribe(scanId: string, listener: TraceListener): TraceSubscription {
    const trace = this.#traces.get(scanId);
    if (!trace) return { ok: false, reason: 'unknown' };
    const backlog = trace.records();
    if (trace.done) return { ok: true, backlog, done: true, unsubscribe: () => undefined };
    if (this.#listeners >= this.maxListeners) return { ok: false, reason: 'busy' };
    this.#listeners += 1;
    let active = true;
    const release = (): void => {
      if (!active) return;
      active = false;
      this.#listeners -= 1;
      trace.unlisten(wrapped);
    };
    // The trace ends its listeners itself (final snapshot, drop): the count must follow.
    const wrapped: TraceListener = {
      record: listener.record,
      end: () => {
        release();
        listener.end();
      },
    };
    trace.listen(wrapped);
    return { ok: true, backlog, done: false, unsubscribe: release };
  }

  get listenerCount(): number {
    return this.#listeners;
  }

  get size(): number {
    return this.#traces.size;
  }

  /** Drops every trace (shutdown, tests). */
  clear(): void {
    for (const id of [...this.#traces.keys()]) this.drop(id);
  }
}
