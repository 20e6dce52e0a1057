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
  };
}

/** One line for tables and the README. */
export function machineLine(m: MachineInfo): string {
  return `${m.cpuModel}, ${m.cores} cores, ${m.totalMemoryGiB} GiB, ${m.platform} ${m.arch}, Node ${m.nodeVersion}, ${m.date}`;
}
