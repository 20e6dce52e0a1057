// Maps a scan snapshot to the replaced service's status payload (GET /api/v1/opportunities/status/{scan_id}).
import { FINAL_SCAN_STATES } from '../../machines/scan-types.js';
import type { ScanSnapshot } from '../engine/engine.js';

/** The replaced service's statuses: one for every scan not yet final, then our final states as they are. */
export const LEGACY_SCAN_STATUSES = ['scanning', ...FINAL_SCAN_STATES] as const;
export type LegacyScanStatus = (typeof LEGACY_SCAN_STATUSES)[number];

export interface LegacyStatus {
  success: true;
  scan_id: string;
  user_id: string;
  status: LegacyScanStatus;
  opportunities: ScanSnapshot['opportunities'];
  total_opportunities: number;
  strategy_performance: Record<string, { status: string; duration_ms: number | null; opportunities: number }>;
  execution_time_ms: number;
  last_updated: string;
  metadata: {
    scan_state: ScanSnapshot['state'];
    message: string;
    strategies_completed: number;
    total_strategies: number;
    remaining_strategies: number;
    elapsed_seconds: number;
  };
}

function legacyStatusOf(state: ScanSnapshot['state']): LegacyScanStatus {
  return state === 'initiated' || state === 'running' ? 'scanning' : state;
}

/** When the snapshot last changed: its end, or the latest strategy start/finish, or its creation. */
function lastUpdated(snapshot: ScanSnapshot): string {
  if (snapshot.finishedAt) return snapshot.finishedAt;
  let latest = Date.parse(snapshot.createdAt);
  for (const s of snapshot.strategies) {
    if (s.startedAt === null) continue;
    const started = Date.parse(s.startedAt);
    const settled = s.status !== 'running' && s.durationMs !== null ? started + s.durationMs : started;
    latest = Math.max(latest, settled);
  }
  return new Date(latest).toISOString();
}

function messageOf(snapshot: ScanSnapshot, completed: number): string {
  const { total } = snapshot.progress;
  switch (snapshot.state) {
    case 'initiated':
      return `Scan queued: waiting for a worker (${total} strategies).`;
    case 'running':
      return `Scanning: ${completed} of ${total} strategies finished.`;
    case 'complete':
      return `Scan complete: ${snapshot.opportunities.length} opportunities from ${total} strategies.`;
    case 'partial':
      return `Scan partially complete: ${snapshot.progress.succeeded} of ${total} strategies succeeded.`;
    case 'failed':
      return 'Scan failed: no strategy succeeded.';
    case 'cancelled':
      return `Scan cancelled after ${completed} of ${total} strategies; finished results are kept.`;
  }
}

export function toLegacyStatus(snapshot: ScanSnapshot): LegacyStatus {
  const { progress } = snapshot;
  const remaining = progress.queued + progress.running;
  const completed = progress.total - remaining;
  const performance: LegacyStatus['strategy_performance'] = {};
  for (const s of snapshot.strategies) {
    performance[s.id] = { status: s.status, duration_ms: s.durationMs, opportunities: s.opportunities };
  }
  return {
    success: true,
    scan_id: snapshot.id,
    user_id: snapshot.userId,
    status: legacyStatusOf(snapshot.state),
    opportunities: snapshot.opportunities,
    total_opportunities: snapshot.opportunities.length,
    strategy_performance: performance,
    execution_time_ms: snapshot.elapsedMs,
    last_updated: lastUpdated(snapshot),
    metadata: {
      scan_state: snapshot.state,
      message: messageOf(snapshot, completed),
      strategies_completed: completed,
      total_strategies: progress.total,
      remaining_strategies: remaining,
      elapsed_seconds: Math.round(snapshot.elapsedMs / 100) / 10,
    },
  };
}
