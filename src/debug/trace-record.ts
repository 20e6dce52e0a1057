// Turns XState inspection events into the small JSON records a scan trace keeps. Inspection events carry live objects:
// whole snapshots (context with every opportunity and the caller's params, child actor refs), events with their
// payloads (a settled strategy's opportunity list, the scan's input). The visualizer needs little of that: which state,
// which version, each strategy's status and times, and what each event was. Everything else is left out here.
import type { AnyEventObject, InspectionEvent } from 'xstate';
import type { ScanContext, StrategyRecord, StrategyStatus } from '../../machines/scan-types.js';

export type TraceKind = 'actor' | 'event' | 'microstep' | 'snapshot';

/** A strategy as the timeline draws it (times: wall-clock ms; absent = not yet). */
export interface TraceStrategy {
  status: StrategyStatus;
  startedAt?: number;
  finishedAt?: number;
  deadlineAt?: number;
  opportunities?: number;
  error?: string;
}

/** An event, reduced to its type and scalar fields (a strategy's outcome becomes status + counts). */
export type TraceEvent = { type: string } & Record<string, string | number | boolean>;

export interface TraceTransition {
  source: string;
  targets: string[];
  /** '' for an eventless (`always`) transition. */
  event: string;
}

export interface TraceRecord {
  /** 1-based, per scan, never reused: a gap means records were dropped by the cap. Also the SSE `id`. */
  seq: number;
  /** Wall-clock ms when the record was taken. */
  at: number;
  kind: TraceKind;
  /** XState actor id: `scan.<scanId>` for the scan, `strategy.<id>` for a strategy runner. */
  actor: string;
  /** Present (true) on records of the scan actor itself. */
  root?: true;
  /** Who sent the event (kind 'event'). */
  source?: string;
  event?: TraceEvent;
  /** Snapshot status: active, done, stopped, error. */
  status?: string;
  /** Scan state after the microstep / in the snapshot (scan actor only). */
  state?: string;
  /** Scan snapshot only: what the page needs to redraw the scan at this point of the trace. */
  version?: number;
  createdAt?: number;
  deadlineAt?: number;
  strategies?: Record<string, TraceStrategy>;
  /** Microstep only: the transitions taken. */
  transitions?: TraceTransition[];
}

/** Strings longer than this (error messages, ids from callers) are cut: a trace record must stay small. */
const MAX_STRING = 200;

const cut = (s: string): string => (s.length > MAX_STRING ? `${s.slice(0, MAX_STRING - 1)}…` : s);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Scalar fields only: arrays and objects (opportunities, params, symbol lists, inputs) are what makes events large. */
function scalars(source: Record<string, unknown>, into: TraceEvent): TraceEvent {
  for (const [key, value] of Object.entries(source)) {
    if (key === 'type') continue;
    if (typeof value === 'number' || typeof value === 'boolean') into[key] = value;
    else if (typeof value === 'string') into[key] = cut(value);
  }
  return into;
}

function errorText(error: unknown): string | undefined {
  if (!isRecord(error)) return typeof error === 'string' ? cut(error) : undefined;
  const code = typeof error.code === 'string' ? error.code : undefined;
  const message = typeof error.message === 'string' ? error.message : undefined;
  return cut([code, message].filter(Boolean).join(': '));
}

export function toTraceEvent(event: AnyEventObject): TraceEvent {
  const summary = scalars(event, { type: event.type });
  const { outcome, input, error } = event as { outcome?: unknown; input?: unknown; error?: unknown };
  // STRATEGY.SETTLED: the outcome's opportunity list can be hundreds of objects; the count says enough here.
  if (isRecord(outcome)) {
    scalars(outcome, summary);
    if (Array.isArray(outcome.opportunities)) summary.found = outcome.opportunities.length;
    const text = errorText(outcome.error);
    if (text) summary.error = text;
  }
  // xstate.init: the scan's input holds the caller's params (symbols, portfolio): user data, possibly large.
  if (isRecord(input)) scalars(input, summary);
  const text = errorText(error);
  if (text) summary.error = text;
  return summary;
}

/** Flattens a state value ('running', or { a: 'b' } for nested states) to a dotted path. */
export function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!isRecord(value)) return String(value);
  return Object.entries(value)
    .map(([key, child]) => (isRecord(child) && Object.keys(child).length === 0 ? key : `${key}.${stateName(child)}`))
    .join(',');
}

// The machine replaces only the strategy record that changed (structural sharing), so the trimmed copy of an unchanged
// record is reused: a scan's snapshots then cost O(changes) in memory rather than O(snapshots × strategies).
const trimmed = new WeakMap<StrategyRecord, TraceStrategy>();

function traceStrategy(record: StrategyRecord): TraceStrategy {
  let out = trimmed.get(record);
  if (out) return out;
  out = { status: record.status };
  if (record.startedAt !== null) out.startedAt = record.startedAt;
  if (record.finishedAt !== null) out.finishedAt = record.finishedAt;
  if (record.deadlineAt !== null) out.deadlineAt = record.deadlineAt;
  if (record.opportunities > 0) out.opportunities = record.opportunities;
  if (record.error) out.error = cut(`${record.error.code}: ${record.error.message}`);
  // Shared between records of the trace: never mutated after this point.
  Object.freeze(out);
  trimmed.set(record, out);
  return out;
}

interface ScanLikeSnapshot {
  status: string;
  value: unknown;
  context: ScanContext;
}

function isScanSnapshot(snapshot: unknown): snapshot is ScanLikeSnapshot {
  return isRecord(snapshot) && 'value' in snapshot && isRecord(snapshot.context) && Array.isArray(snapshot.context.strategyIds);
}

/** Inspection types actor refs as ActorRefLike (no `id`), but every actor ref has one; fall back to the session id. */
function actorId(ref: object & { sessionId: string }): string {
  return 'id' in ref && typeof ref.id === 'string' ? ref.id : ref.sessionId;
}

function snapshotStatus(snapshot: unknown): string | undefined {
  return isRecord(snapshot) && typeof snapshot.status === 'string' ? snapshot.status : undefined;
}

/**
 * One trace record for an inspection event, or undefined for what the trace leaves out:
 * `@xstate.action` (internal bookkeeping such as delayed-event scheduling, and spawn actions repeating each child's input)
 * and the init event + init snapshot of each strategy child (they repeat its `actor` record).
 */
export function toTraceRecord(inspection: InspectionEvent, seq: number, at: number): TraceRecord | undefined {
  if (inspection.type !== '@xstate.actor' && inspection.type !== '@xstate.event' && inspection.type !== '@xstate.snapshot' && inspection.type !== '@xstate.microstep') {
    return undefined;
  }
  const root = inspection.actorRef.sessionId === inspection.rootId;
  if (!root && inspection.type !== '@xstate.actor' && inspection.event.type === 'xstate.init') return undefined;
  const record: TraceRecord = { seq, at, kind: kindOf(inspection.type), actor: actorId(inspection.actorRef) };
  if (root) record.root = true;
  if (inspection.type === '@xstate.actor') return record;
  record.event = toTraceEvent(inspection.event);
  if (inspection.type === '@xstate.event') {
    if (inspection.sourceRef) record.source = actorId(inspection.sourceRef);
    return record;
  }
  const status = snapshotStatus(inspection.snapshot);
  if (status) record.status = status;
  const snapshot = inspection.snapshot;
  if (isScanSnapshot(snapshot)) {
    record.state = stateName(snapshot.value);
    if (inspection.type === '@xstate.snapshot') addScanState(record, snapshot.context);
  }
  if (inspection.type === '@xstate.microstep') {
    record.transitions = inspection._transitions.map((t) => ({
      source: t.source.id,
      targets: (t.target ?? []).map((node) => node.id),
      event: t.eventType,
    }));
  }
  return record;
}

function addScanState(record: TraceRecord, context: ScanContext): void {
  record.version = context.version;
  record.createdAt = context.createdAt;
  record.deadlineAt = context.deadlineAt;
  const strategies: Record<string, TraceStrategy> = {};
  for (const id of context.strategyIds) {
    const source = context.strategies[id];
    if (source) strategies[id] = traceStrategy(source);
  }
  record.strategies = strategies;
}

function kindOf(type: '@xstate.actor' | '@xstate.event' | '@xstate.snapshot' | '@xstate.microstep'): TraceKind {
  switch (type) {
    case '@xstate.actor':
      return 'actor';
    case '@xstate.event':
      return 'event';
    case '@xstate.snapshot':
      return 'snapshot';
    case '@xstate.microstep':
      return 'microstep';
  }
}
