// A scan's ETag is its id and version: any change of the scan changes it, and a long-poll can resume from it.
import type { ScanSnapshot } from '../engine/engine.js';

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
