// Who used the CPU while a suite ran: the whole machine (/proc/stat), this process (main thread + its workers), and the
// hypervisor's steal. On a shared 2-core VM other work skews every figure; this block says how much there was.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface CpuAccount {
  /** Busy time of all cores as a share of their capacity over the window, %. */
  machineBusyPct: number;
  /** This process (main thread and worker threads; not child processes), same scale, %. */
  benchProcessPct: number;
  /** Time the hypervisor ran something else on our vCPUs, same scale, %. */
  stealPct: number;
}

interface ProcStat {
  total: number;
  idle: number;
  steal: number;
}

/** The aggregate `cpu` line of /proc/stat, in clock ticks; null where there is no /proc. */
function readProcStat(): ProcStat | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
    return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle: idle + iowait, steal };
  } catch {
    return null;
  }
}

export function startCpuAccount(): { stop(): CpuAccount | null } {
  const before = readProcStat();
  const usage = process.cpuUsage();
  const t0 = performance.now();
  return {
    stop() {
      const after = readProcStat();
      if (!before || !after || after.total <= before.total) return null;
      const ticks = after.total - before.total;
      const own = process.cpuUsage(usage);
      const capacityUs = (performance.now() - t0) * 1000 * os.availableParallelism();
      const pct = (x: number): number => Math.round(x * 1000) / 10;
      return {
        machineBusyPct: pct((ticks - (after.idle - before.idle)) / ticks),
        benchProcessPct: pct((own.user + own.system) / capacityUs),
        stealPct: pct((after.steal - before.steal) / ticks),
      };
    },
  };
}
