// How a scan snapshot is laid out in its Redis hash (src/cluster/scan-records.ts), so that a new version sends only what
// changed since the version stored before it:
// - `head`: every top-level field, with `strategies` and `opportunities` as null placeholders (they keep the key order);
// - `ids`: the strategy ids in snapshot order;
// - `s:<strategy>`: one strategy's record (a running one changes every version: its duration grows);
// - `o:<strategy>`: the opportunities that strategy found, in ranked order. The merged list is rebuilt by ranking the
//   groups again (machines/opportunity.ts): the ranking is total across strategies and stable within one, so the
//   rebuilt list equals the owner's. Each opportunity then crosses Redis once, not once per version.
import { compareOpportunities, type Opportunity } from '../../machines/opportunity.js';
import type { ScanSnapshot } from '../core/scan-snapshot.js';

/** What a stored version holds, to tell what the next one changes. */
export interface RecordParts {
  version: number;
  /** `s:<id>` → its JSON. */
  strategies: ReadonlyMap<string, string>;
  /** Strategy id → its opportunities (the snapshot's own objects: compared by identity, not serialised again). */
  groups: ReadonlyMap<string, readonly Opportunity[]>;
}

export const HEAD = 'head';
export const IDS = 'ids';
const STRATEGY = 's:';
const GROUP = 'o:';

export function recordParts(snapshot: ScanSnapshot): RecordParts {
  const strategies = new Map(snapshot.strategies.map((s) => [`${STRATEGY}${s.id}`, JSON.stringify(s)]));
  const groups = new Map<string, Opportunity[]>();
  for (const o of snapshot.opportunities) {
    const group = groups.get(o.strategy);
    if (group) group.push(o);
    else groups.set(o.strategy, [o]);
  }
  return { version: snapshot.version, strategies, groups };
}

const sameGroup = (a: readonly Opportunity[] | undefined, b: readonly Opportunity[]): boolean => a !== undefined && a.length === b.length && a.every((o, i) => o === b[i]);

/**
 * The hash fields to write, as [field, value, …]: all of them without `previous`, else the head and what differs from
 * `previous` (the version the store holds).
 */
export function changedFields(snapshot: ScanSnapshot, parts: RecordParts, previous?: RecordParts): string[] {
  const fields = [HEAD, JSON.stringify({ ...snapshot, strategies: null, opportunities: null })];
  if (!previous) fields.push(IDS, JSON.stringify(snapshot.strategies.map((s) => s.id)));
  for (const [field, json] of parts.strategies) if (previous?.strategies.get(field) !== json) fields.push(field, json);
  for (const [strategy, group] of parts.groups) if (!sameGroup(previous?.groups.get(strategy), group)) fields.push(`${GROUP}${strategy}`, JSON.stringify(group));
  return fields;
}

/** The snapshot a hash holds (HGETALL), or undefined when it holds none. */
export function snapshotFromFields(hash: Record<string, string>): ScanSnapshot | undefined {
  const head = hash[HEAD];
  const ids = hash[IDS];
  if (head === undefined || ids === undefined) return undefined;
  const snapshot = JSON.parse(head) as ScanSnapshot;
  snapshot.strategies = (JSON.parse(ids) as string[]).map((id) => JSON.parse(hash[`${STRATEGY}${id}`] ?? 'null') as ScanSnapshot['strategies'][number]);
  const found: Opportunity[] = [];
  for (const [field, json] of Object.entries(hash)) if (field.startsWith(GROUP)) found.push(...(JSON.parse(json) as Opportunity[]));
  snapshot.opportunities = found.sort(compareOpportunities);
  return snapshot;
}
