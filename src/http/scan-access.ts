// Reading a scan on behalf of a user: anything the caller may not see — a malformed id, an unknown or expired id, or
// another user's scan — is the same 404, so responses never reveal that someone else's scan exists.
import type { ScanRegistry } from '../scan-registry.js';
import type { ScanSnapshot } from '../scan-snapshot.js';
import { scanNotFound } from './problem.js';
import { SCAN_ID_PATTERN } from './schemas/request-schemas.js';

type RegistryView = Pick<ScanRegistry, 'ownerOf' | 'snapshot'>;

/** The scan's snapshot if `userId` owns it, else undefined. */
export function visibleSnapshot(registry: RegistryView, id: string, userId: string): ScanSnapshot | undefined {
  if (!SCAN_ID_PATTERN.test(id) || registry.ownerOf(id) !== userId) return undefined;
  return registry.snapshot(id);
}

/** Like `visibleSnapshot`, but throws SCAN_NOT_FOUND (404). */
export function requireSnapshot(registry: RegistryView, id: string, userId: string): ScanSnapshot {
  const snapshot = visibleSnapshot(registry, id, userId);
  if (!snapshot) throw scanNotFound();
  return snapshot;
}

export const etagOf = (snapshot: Pick<ScanSnapshot, 'id' | 'version'>): string => `"${snapshot.id}-${snapshot.version}"`;

/** The version named by an If-None-Match ETag for this scan (weak or strong), if it names one. */
export function versionFromEtag(header: string | undefined, id: string): number | undefined {
  if (!header) return undefined;
  for (const tag of header.split(',')) {
    const match = /^\s*(?:W\/)?"(.+)-(\d+)"\s*$/.exec(tag);
    if (match && match[1] === id) return Number(match[2]);
  }
  return undefined;
}
