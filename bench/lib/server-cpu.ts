// CPU a server process has used, whole process and main thread apart. The main thread is where a server's per-request
// work happens (its worker threads run strategies): refusals are judged by its CPU. Linux /proc only; null elsewhere.
import { readdirSync, readFileSync } from 'node:fs';
import type { ChildServer } from './child-server.js';

export interface CpuReading {
  /** All threads (user + system, 10 ms ticks), ms. */
  processMs: number | null;
  /** The main thread alone (/proc/<pid>/task/<pid>/schedstat, ns resolution), ms. */
  mainThreadMs: number | null;
}

/**
 * The pid of this process's child that was started with PORT=<port> in its environment: ChildServer does not expose its
 * pid, and its port names it just as well.
 */
export function childPidOnPort(port: number): number | null {
  const wanted = `PORT=${port}`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name's closing parenthesis: state, ppid, …
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(wanted)) return Number(entry);
    } catch {
      // Exited meanwhile, or not ours to read.
    }
  }
  return null;
}

/** On-CPU time of one thread: the first field of its schedstat, ns. */
function threadCpuMs(pid: number, tid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

/** A reader of `server`'s CPU; the main thread's is null when its pid or schedstat cannot be found. */
export function serverCpuReader(server: ChildServer): () => CpuReading {
  const pid = process.platform === 'linux' ? childPidOnPort(Number(new URL(server.url).port)) : null;
  return () => ({ processMs: server.cpuMs(), mainThreadMs: pid === null ? null : threadCpuMs(pid, pid) });
}
