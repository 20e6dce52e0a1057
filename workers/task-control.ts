// The few bytes of shared memory between the main thread and the worker running one strategy task.
// The main thread raises the stop flag; the worker announces when it actually started and which deadline it applies,
// and when it has returned.
// A synchronous strategy loop never sees messages or abort signals, but it does see an Atomics.load.

const CONTROL_BYTES = 32;
const STOP = 0; // Int32 index: 1 once a stop was requested
const STARTED = 1; // Int32 index: 1 once a worker picked the task up
const STARTED_AT = 1; // Float64 index (bytes 8–15): wall-clock ms when the worker started
const DEADLINE_AT = 2; // Float64 index (bytes 16–23): wall-clock ms when the strategy must stop
const THREAD_ID = 6; // Int32 index (bytes 24–27): the worker's threadId, so the pool view can draw one lane per thread
const RETURNED = 7; // Int32 index (bytes 28–31): 1 once the worker returned (its reply may still be queued)

/** Wall-clock ms, comparable across threads (raw performance.now() is per-thread). */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The strategy's stop deadline: its own timeout from when it really started, but never later than the point where the
 * scan asks everything to stop (the scan deadline minus the hard-abort grace), so even a hard abort lands by the scan deadline.
 */
export function strategyDeadline(startedAt: number, strategyTimeoutMs: number, scanStopAt: number): number {
  return Math.min(startedAt + strategyTimeoutMs, scanStopAt);
}

export class TaskControl {
  readonly buffer: SharedArrayBuffer;
  readonly #flags: Int32Array;
  readonly #times: Float64Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(CONTROL_BYTES)) {
    this.buffer = buffer;
    this.#flags = new Int32Array(buffer, 0, 8);
    this.#times = new Float64Array(buffer, 0, 3);
  }

  requestStop(): void {
    Atomics.store(this.#flags, STOP, 1);
  }

  get stopRequested(): boolean {
    return Atomics.load(this.#flags, STOP) !== 0;
  }

  /** Worker side: publish the start time and deadline, then wake the main thread's `started` waiter. */
  markStarted(startedAt: number, deadlineAt: number, threadId = 0): void {
    this.#times[STARTED_AT] = startedAt;
    this.#times[DEADLINE_AT] = deadlineAt;
    this.#flags[THREAD_ID] = threadId;
    Atomics.store(this.#flags, STARTED, 1); // the store orders the two plain writes above before it
    Atomics.notify(this.#flags, STARTED);
  }

  get started(): boolean {
    return Atomics.load(this.#flags, STARTED) !== 0;
  }

  /**
   * Worker side: the task has returned. A main thread busy for longer than the grace hears of the reply only after its
   * hard-abort timer fires; this flag tells it the worker is done, so it is not terminated (nor counted as a hard kill).
   */
  markReturned(): void {
    Atomics.store(this.#flags, RETURNED, 1);
  }

  get returned(): boolean {
    return Atomics.load(this.#flags, RETURNED) !== 0;
  }

  get startedAt(): number {
    return this.#times[STARTED_AT] as number;
  }

  get deadlineAt(): number {
    return this.#times[DEADLINE_AT] as number;
  }

  get threadId(): number {
    return this.#flags[THREAD_ID] as number;
  }

  /** Main-thread side: resolves once the worker has started (or `release` was called). Does not keep the process alive. */
  whenStarted(): Promise<void> {
    const wait = Atomics.waitAsync(this.#flags, STARTED, 0);
    return wait.async ? wait.value.then(() => undefined) : Promise.resolve();
  }

  /** Wakes a pending `whenStarted` waiter of a task that will never start (aborted while queued). */
  release(): void {
    Atomics.notify(this.#flags, STARTED);
  }
}
