// Every Redis key and channel of distributed mode, under one prefix (SCANNER_REDIS_PREFIX), so several deployments — or
// test runs — can share one Redis without seeing each other. One Redis, not Redis Cluster: the scripts in
// src/cluster/scan-records.ts touch keys they derive from values.

export interface ClusterKeys {
  readonly prefix: string;
  /** Hash per scan: v (version), done ('0' | '1'), json (the snapshot), user, instance (owner, '' while queued), cancel. */
  scan(id: string): string;
  /** What `scan` is for an id, as the scripts build it. */
  readonly scanKeyPrefix: string;
  /** The user's running scan id: the "one running scan per user" lock. */
  activeScan(userId: string): string;
  /** The user's scans, scored by creation ms. */
  userScans(userId: string): string;
  /** Scans waiting for an instance, scored by creation ms. */
  readonly queued: string;
  /** Scans an instance runs, scored by deadline ms. */
  readonly running: string;
  /** An instance's heartbeat; missing once it has been silent for the lost-instance lapse. */
  instance(id: string): string;
  /** List: the scan's trace records (JSON), the newest SCANNER_TRACE_CAP. */
  trace(id: string): string;
  /** Set once the scan's trace has its last record. */
  traceDone(id: string): string;
  /** Channel: each trace record of one scan as it is taken, then `end`. */
  traceEvents(id: string): string;
  /** Channel: every snapshot version of one scan (JSON). */
  scanEvents(id: string): string;
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
    traceDone: (id) => `${prefix}:trace-done:${id}`,
    traceEvents: (id) => `${prefix}:trace-events:${id}`,
    scanEvents: (id) => `${prefix}:events:${id}`,
    cancel: `${prefix}:cancel`,
    queueName: 'scans',
  };
}
