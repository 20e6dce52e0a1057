// Which machine a result came from: figures are meaningless without it.
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  /** What Node may use (cgroup-aware); the pool's default size. */
  cores: number;
  logicalCpus: number;
  totalMemoryGiB: number;
  platform: string;
  arch: string;
  nodeVersion: string;
  v8Version: string;
  /** When the run started, ISO-8601 UTC. */
  date: string;
  /** 1/5/15-minute load averages when the suite started: other work competing for the same cores skews every figure. */
  loadAverage: number[];
}

export function machineInfo(date = new Date()): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    logicalCpus: cpus.length,
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.type()} ${os.release()}`,
    arch: process.arch,
    nodeVersion: process.version,
    v8Version: process.versions.v8,
    date: date.toISOString(),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** One line for tables and the README. */
export function machineLine(m: MachineInfo): string {
  return `${m.cpuModel}, ${m.cores} cores, ${m.totalMemoryGiB} GiB, ${m.platform} ${m.arch}, Node ${m.nodeVersion}, ${m.date}, load ${m.loadAverage.join(' ')}`;
}
