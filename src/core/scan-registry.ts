// Every scan of the process, by id. `create` builds, registers and starts the scan's actor in one synchronous call, so
// the id it returns is readable at once (state `initiated`) — the replaced service's `not_found` window cannot happen.
// Finished scans stay readable for a TTL and up to a maximum count, then are dropped.
import { nanoid } from 'nanoid';
import { createActor, type Actor, type InspectionEvent } from 'xstate';
import type { ScanMachine } from '../../machines/scan-machine.js';
import type { ScanPlanInfo, ScanState } from '../../machines/scan-types.js';
import type { StrategyParams } from '../../workers/strategy-types.js';
import { settledSnapshot, toScanSnapshot, type ScanSnapshot } from './scan-snapshot.js';

export interface ScanRequest {
  userId: string;
  strategies: string[];
  budgetMs: number;
  strategyTimeoutMs: number;
  params: StrategyParams;
}

/** Timers the registry and its actors use; XState's SimulatedClock fits, for tests. */
export interface RegistryClock {
  setTimeout(fn: (...args: unknown[]) => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  /** Wall-clock ms since the epoch. */
  now(): number;
}

export interface ScanRegistryOptions {
  /** The scan machine with its `runStrategy` actor provided. */
  machine: ScanMachine;
  /** How long a finished scan stays readable. */
  resultTtlMs: number;
  /** How many finished scans are kept at most (oldest dropped first). */
  maxRetained: number;
  clock?: RegistryClock;
  createId?: () => string;
  /** Returns the XState inspection observer for a new scan (visualizer traces), if any. */
  inspectorFor?: (scanId: string) => ((event: InspectionEvent) => void) | undefined;
  /** The engine's plan for a new scan, shown in its snapshots (policy, predicted finish, expected costs). */
  planFor?: (request: ScanRequest, createdAt: number) => ScanPlanInfo;
  /** Called once per scan, when it reaches a final state. */
  onFinish?: (snapshot: ScanSnapshot) => void;
  /** This process's instance id, shown in every snapshot. */
  instance?: string;
  /** Called when dropping a scan (TTL or count), e.g. to drop its trace. */
  onDrop?: (scanId: string) => void;
  /** An actor error (a bug in the machine): the scan is reported `failed` and this is called. */
  onActorError?: (scanId: string, err: unknown) => void;
}

type ScanActor = Actor<ScanMachine>;
type Listener = (snapshot: ScanSnapshot) => void;

interface ScanEntry {
  id: string;
  userId: string;
  actor: ScanActor;
  /** Still `initiated` (no strategy started): counted as queued by admission. */
  waiting: boolean;
  /** When the scan is expected to end: its plan's predicted finish, never later than its deadline. */
  expectedEndAt: number;
  deadlineAt: number;
  finishedAt: number | null;
  /** A final scan no longer changes: its snapshot is built once and shared by every later read. */
  finalSnapshot: ScanSnapshot | null;
  failedWith: unknown;
  evictTimer: unknown;
  listeners: Set<Listener>;
}

/** A scan created elsewhere and placed here (distributed mode): its id and creation time are kept, so the time it
 * waited in the shared queue counts against its budget. */
export interface Placement {
  id: string;
  createdAt: number;
  /** The version its first snapshot here gets: one past the versions the shared store already holds. */
  version: number;
}

export interface ScanSummary {
  id: string;
  state: ScanState;
  createdAt: string;
  finishedAt: string | null;
  progress: ScanSnapshot['progress'];
}

const realClock: RegistryClock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (id) => clearTimeout(id as NodeJS.Timeout),
  now: () => Date.now(),
};

export class ScanRegistry {
  readonly #scans = new Map<string, ScanEntry>();
  /** Each user's scan ids, oldest first: reads per user cost O(their scans), not O(all scans). */
  readonly #byUser = new Map<string, Set<string>>();
  /** Finished scan ids, oldest first: the eviction order for `maxRetained`. */
  readonly #finished = new Set<string>();
  /** Scans not yet final: admission reads counts and expected ends from here, never snapshots. */
  readonly #active = new Set<ScanEntry>();
  #waiting = 0;
  readonly #options: ScanRegistryOptions;
  /** Called with every version of every scan, the first and the final one included (a shared store mirrors them). */
  readonly #changeListeners = new Set<Listener>();
  readonly #clock: RegistryClock;

  constructor(options: ScanRegistryOptions) {
    this.#options = options;
    this.#clock = options.clock ?? realClock;
  }

  /** Builds, registers and starts a scan; synchronous, so the id is readable before the caller answers. */
  create(request: ScanRequest, placement?: Placement): string {
    const now = this.#clock.now();
    const id = placement?.id ?? (this.#options.createId ?? nanoid)();
    const createdAt = placement?.createdAt ?? now;
    const actor = createActor(this.#options.machine, {
      id: `scan.${id}`,
      clock: this.#clock,
      inspect: this.#options.inspectorFor?.(id),
      input: {
        scanId: id,
        strategies: request.strategies,
        budgetMs: request.budgetMs,
        strategyTimeoutMs: request.strategyTimeoutMs,
        createdAt,
        params: request.params,
        plan: this.#options.planFor?.(request, now),
        budgetLeftMs: createdAt + request.budgetMs - now,
        version: placement?.version,
      },
    });
    const context = actor.getSnapshot().context;
    const expectedEndAt = Math.min(context.deadlineAt, context.plan?.predictedFinishAt ?? context.deadlineAt);
    const entry: ScanEntry = { id, userId: request.userId, actor, waiting: true, expectedEndAt, deadlineAt: context.deadlineAt, finishedAt: null, finalSnapshot: null, failedWith: null, evictTimer: null, listeners: new Set() };
    this.#scans.set(id, entry);
    this.#active.add(entry);
    this.#waiting += 1;
    const mine = this.#byUser.get(request.userId) ?? new Set<string>();
    this.#byUser.set(request.userId, mine.add(id));
    let lastVersion = actor.getSnapshot().context.version;
    let started = false;
    actor.subscribe({
      next: (snapshot) => {
        if (entry.waiting && snapshot.value !== 'initiated') this.#stopWaiting(entry);
        if (snapshot.status === 'done') this.#finish(entry);
        else if (snapshot.context.version !== lastVersion) this.#notify(entry);
        else if (!started) for (const listener of this.#changeListeners) listener(this.#snapshotOf(entry)); // the first version
        started = true;
        lastVersion = snapshot.context.version;
      },
      // An unobserved actor error would be rethrown in a timer and crash the process.
      error: (err) => {
        entry.failedWith = err;
        this.#options.onActorError?.(id, err);
        this.#finish(entry);
      },
    });
    actor.start();
    return id;
  }

  /** Calls `listener` with every version of every scan from now on (a shared store mirrors them). */
  onChange(listener: Listener): void {
    this.#changeListeners.add(listener);
  }

  has(id: string): boolean {
    return this.#scans.has(id);
  }

  ownerOf(id: string): string | undefined {
    return this.#scans.get(id)?.userId;
  }

  snapshot(id: string): ScanSnapshot | undefined {
    const entry = this.#scans.get(id);
    return entry && this.#snapshotOf(entry);
  }

  /** Cancels a running scan; a no-op for a final one. Returns false for an unknown id. */
  cancel(id: string): boolean {
    const entry = this.#scans.get(id);
    if (!entry) return false;
    if (entry.finishedAt === null) entry.actor.send({ type: 'CANCEL', at: this.#clock.now() });
    return true;
  }

  /**
   * Calls `listener` with every new version of the scan until it is final (or the returned function is called).
   * For an unknown or already final scan it does nothing: read `snapshot(id)` first.
   */
  subscribe(id: string, listener: Listener): () => void {
    const entry = this.#scans.get(id);
    if (!entry || entry.finishedAt !== null) return () => undefined;
    entry.listeners.add(listener);
    return () => entry.listeners.delete(listener);
  }

  /** The user's scans, newest first. */
  list(userId: string, limit: number): ScanSummary[] {
    const mine = this.#entriesOf(userId).reverse().slice(0, limit);
    return mine.map((e) => {
      const s = this.#snapshotOf(e);
      return { id: s.id, state: s.state, createdAt: s.createdAt, finishedAt: s.finishedAt, progress: s.progress };
    });
  }

  /** The user's newest scan that is not final, if any. */
  activeScanOf(userId: string): string | undefined {
    return this.#entriesOf(userId).findLast((e) => e.finishedAt === null)?.id;
  }

  /** Scans not yet final. */
  get activeCount(): number {
    return this.#active.size;
  }

  /** Scans registered whose strategies have not started yet (state `initiated`). */
  get waitingCount(): number {
    return this.#waiting;
  }

  /**
   * Ms until the first active scan is expected to end: its plan's predicted finish, or — once that has passed and it still
   * runs — its deadline, which it cannot outlive. Undefined when none is active.
   */
  msUntilFirstEnd(now = this.#clock.now()): number | undefined {
    let first = Number.POSITIVE_INFINITY;
    for (const entry of this.#active) first = Math.min(first, entry.expectedEndAt > now ? entry.expectedEndAt : entry.deadlineAt);
    return Number.isFinite(first) ? Math.max(0, first - now) : undefined;
  }

  get retainedCount(): number {
    return this.#finished.size;
  }

  /** Ids of every scan held, running or final. */
  ids(): string[] {
    return [...this.#scans.keys()];
  }

  /** Ids of scans not yet final. */
  activeIds(): string[] {
    return [...this.#active].map((e) => e.id);
  }

  /** Cancels running scans (their listeners get the final snapshot), then stops every actor and forgets every scan. */
  clear(): void {
    for (const id of this.activeIds()) this.cancel(id);
    for (const id of [...this.#scans.keys()]) this.#drop(id);
  }

  #entriesOf(userId: string): ScanEntry[] {
    return [...(this.#byUser.get(userId) ?? [])].map((id) => this.#scans.get(id) as ScanEntry);
  }

  #snapshotOf(entry: ScanEntry): ScanSnapshot {
    if (entry.finalSnapshot) return entry.finalSnapshot;
    const snap = entry.actor.getSnapshot();
    const source = { id: entry.id, userId: entry.userId, instance: this.#options.instance ?? null, context: snap.context };
    // An actor error ends the scan as machines/settle.ts says, like every other ending.
    if (entry.failedWith) return settledSnapshot(source, 'actor_error', entry.finishedAt ?? this.#clock.now());
    return toScanSnapshot({ ...source, state: snap.value as ScanState, finishedAt: entry.finishedAt }, this.#clock.now());
  }

  #notify(entry: ScanEntry): void {
    if (entry.listeners.size === 0 && this.#changeListeners.size === 0) return;
    const snapshot = this.#snapshotOf(entry);
    for (const listener of this.#changeListeners) listener(snapshot);
    for (const listener of [...entry.listeners]) listener(snapshot);
  }

  #stopWaiting(entry: ScanEntry): void {
    entry.waiting = false;
    this.#waiting -= 1;
  }

  #finish(entry: ScanEntry): void {
    if (entry.finishedAt !== null) return;
    if (entry.waiting) this.#stopWaiting(entry);
    this.#active.delete(entry);
    entry.finishedAt = this.#clock.now();
    entry.finalSnapshot = this.#snapshotOf(entry);
    this.#finished.add(entry.id);
    this.#notify(entry);
    entry.listeners.clear();
    this.#options.onFinish?.(this.#snapshotOf(entry));
    entry.evictTimer = this.#clock.setTimeout(() => this.#drop(entry.id), this.#options.resultTtlMs);
    while (this.#finished.size > this.#options.maxRetained) {
      const oldest = this.#finished.values().next().value as string;
      this.#drop(oldest);
    }
  }

  #drop(id: string): void {
    const entry = this.#scans.get(id);
    if (!entry) return;
    if (entry.evictTimer !== null) this.#clock.clearTimeout(entry.evictTimer);
    entry.listeners.clear();
    this.#scans.delete(id);
    this.#finished.delete(id);
    if (this.#active.delete(entry) && entry.waiting) this.#stopWaiting(entry);
    const mine = this.#byUser.get(entry.userId);
    mine?.delete(id);
    if (mine?.size === 0) this.#byUser.delete(entry.userId);
    entry.actor.stop();
    this.#options.onDrop?.(id);
  }
}
