// Learned costs on disk: one JSON file under SCANNER_STATE_DIR, written atomically (a temporary file in the same
// directory, flushed, then renamed over the old one: rename within a directory is atomic on POSIX file systems, so a
// reader, or a restart after kill -9, sees the old file or the new one, never half of one). A file that cannot be
// used costs one log line and nothing else: the process starts from what it can learn.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { CostEntry } from './cost-model.js';
import { COST_STATE_FORMAT, CostStateSchema, keyDifference, type CostState, type CostStateKey } from './cost-state.js';

/** The file's name inside the state directory. */
export const COST_FILE_NAME = 'costs.json';

/** Where the log lines go: the process logger, or the CLI's stderr. */
export interface CostFileLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export type CostFileRead =
  | { kind: 'loaded'; entries: CostEntry[]; savedAt: string }
  | { kind: 'missing' }
  | { kind: 'other_key'; differs: string[] }
  | { kind: 'unusable'; error: string };

export function costFilePath(stateDir: string): string {
  return path.resolve(stateDir, COST_FILE_NAME);
}

/** Reads the saved costs for `key`. Never throws: a missing, foreign or broken file is a result, logged here. */
export async function readCostFile(file: string, key: CostStateKey, log: CostFileLog): Promise<CostFileRead> {
  await removeStaleTemps(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return unusable(file, log, err);
  }
  let state: CostState;
  try {
    state = CostStateSchema.parse(JSON.parse(text));
  } catch (err) {
    return unusable(file, log, err);
  }
  const differs = state.format === COST_STATE_FORMAT ? keyDifference(state.key, key) : ['format'];
  if (differs.length > 0) {
    log.info({ file, differs }, 'saved strategy costs are for another setup: ignored (they are replaced at the next save)');
    return { kind: 'other_key', differs };
  }
  return { kind: 'loaded', entries: state.entries, savedAt: state.savedAt };
}

function unusable(file: string, log: CostFileLog, err: unknown): CostFileRead {
  const error = err instanceof Error ? err.message.slice(0, 300) : String(err);
  log.warn({ file, error }, 'saved strategy costs are unreadable: ignored, costs are learned again');
  return { kind: 'unusable', error };
}

const tempName = (file: string, pid: number): string => `${file}.${pid}.${randomBytes(4).toString('hex')}.tmp`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temporary files a killed writer left (kill -9 between open and rename). Only those of dead processes: the
 * server and the CLI may share the directory, and a live writer's file is about to be renamed.
 */
async function removeStaleTemps(file: string): Promise<void> {
  const base = path.basename(file);
  const pattern = new RegExp(`^${base.replaceAll('.', '\\.')}\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);
  const names = await readdir(path.dirname(file)).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1] ?? NaN);
    if (Number.isInteger(pid) && !alive(pid)) await rm(path.join(path.dirname(file), name), { force: true }).catch(() => undefined);
  }
}

/** Writes the costs for `key` atomically; returns the bytes written. Rejects on I/O errors (the caller logs them). */
export async function writeCostFile(file: string, key: CostStateKey, entries: readonly CostEntry[], now: Date = new Date()): Promise<number> {
  const state: CostState = { format: COST_STATE_FORMAT, key, savedAt: now.toISOString(), entries: [...entries] };
  const body = `${JSON.stringify(state)}\n`;
  await mkdir(path.dirname(file), { recursive: true });
  const temp = tempName(file, process.pid);
  try {
    const handle = await open(temp, 'w', 0o644);
    try {
      await handle.writeFile(body, 'utf8');
      // Flushed before the rename: otherwise a crash can leave the new name pointing at blocks never written.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
  return Buffer.byteLength(body);
}
