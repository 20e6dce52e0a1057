// Every Redis key and channel of distributed mode, under one prefix (SCANNER_REDIS_PREFIX), so several deployments — or
// test runs — can share one Redis without seeing each other. One Redis, not Redis Cluster: the scripts in
// src/cluster/scan-records.ts touch keys they derive from values.

export interface ClusterKeys {
  readonly prefix: string;
  /**
   * Hash per scan: v (version), done ('0' | '1'), user, instance (owner, '' while queued), cancel, and the snapshot in
   * parts (src/cluster/scan-record-fields.ts). Expires: the result TTL after its final version.
   */
  scan(id: string): string;
  /** What `scan` is for an id, as the scripts build it. */
  readonly scanKeyPrefix: string;
  /** The user's running scan id: the "one running scan per user" lock. */
  activeScan(userId: string): string;
  /** The user's scans, scored by creation ms; expires with the longest-lived record it indexes. */
  userScans(userId: string): string;
  /** Scans waiting for an instance, scored by creation ms. */
  readonly queued: string;
  /** Scans an instance runs, scored by deadline ms. */
  readonly running: string;
  /** An instance's heartbeat; missing once it has been silent for the lost-instance lapse. */
  instance(id: string): string;
  /** List: a running scan's trace records (JSON), the newest SCANNER_TRACE_CAP, kept only while someone follows it. */
  trace(id: string): string;
  /** String: a final scan's whole trace, a deflated JSON array, written once when the scan ends. */
  traceFinal(id: string): string;
  /** Channel: a followed scan's trace records (JSON arrays) as they are taken, then `end`. */
  traceEvents(id: string): string;
  /** Set (and refreshed) by whoever follows a scan's /inspect, wherever: its owner then sends its records live. */
  traceWatch(id: string): string;
  /** Channel: ids of scans someone just started following, so that their owner goes live at once. */
  readonly traceWatchers: string;
  /** Channel: the number of every version of one scan stored (readers fetch the snapshot). */
  scanEvents(id: string): string;
  /** Set (and refreshed) by whoever waits on a scan run elsewhere: its owner then writes its versions without delay. */
  scanWatch(id: string): string;
  /** Channel: ids of scans someone just started waiting on elsewhere. */
  readonly scanWatchers: string;
  /** Channel: ids of scans to cancel; their owner acts. */
  readonly cancel: string;
  /** BullMQ queue name (BullMQ adds `prefix:` itself). */
  readonly queueName: string;
}

export function clusterKeys(prefix: string): ClusterKeys {
  return {
    prefix,
    scan: (id) => `${prefix}:scan:${id}`,
    scanKeyPrefix: `${prefix}:scan:`,
    activeScan: (userId) => `${prefix}:user:${userId}:active`,
    userScans: (userId) => `${prefix}:user:${userId}:scans`,
    queued: `${prefix}:queued`,
    running: `${prefix}:running`,
    instance: (id) => `${prefix}:instance:${id}`,
    trace: (id) => `${prefix}:trace:${id}`,
    traceFinal: (id) => `${prefix}:trace-final:${id}`,
    traceEvents: (id) => `${prefix}:trace-events:${id}`,
    traceWatch: (id) => `${prefix}:trace-watch:${id}`,
    traceWatchers: `${prefix}:trace-watchers`,
    scanEvents: (id) => `${prefix}:events:${id}`,
    scanWatch: (id) => `${prefix}:watch:${id}`,
    scanWatchers: `${prefix}:watchers`,
    cancel: `${prefix}:cancel`,
    queueName: 'scans',
  };
}
