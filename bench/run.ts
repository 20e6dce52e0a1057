// `npm run bench [-- --quick | --tiny] [--only a,b] [--out DIR]`: runs the suites one after another in this process,
// prints a table per suite and writes <out>/<suite>.json with the machine it ran on.
import { startCpuAccount } from './lib/cpu-accounting.js';
import { machineInfo } from './lib/machine.js';
import { parseOptions, UsageError, type BenchOptions } from './lib/options.js';
import { provenance } from './lib/provenance.js';
import { printReport, writeReport, type WrittenReport } from './lib/report.js';
import { idleNoise } from './lib/runtime-probes.js';
import type { SharedFigures } from './lib/suite.js';
import { SUITES } from './suites/index.js';

/** How long each suite first measures the idle event loop (the noise floor its figures sit on). */
const NOISE_PROBE_MS = { full: 1_000, quick: 300, tiny: 100 } as const;

async function runAll(options: BenchOptions): Promise<number> {
  const shared: SharedFigures = {};
  const command = `node dist/bench/run.js ${process.argv.slice(2).join(' ')}`.trim();
  let failures = 0;
  const started = performance.now();
  // Once, before any suite writes a result: every result of the run measured this code.
  const measured = provenance();
  process.stderr.write(`bench: ${options.only.join(', ')} (mode ${options.mode}, commit ${measured.commit ?? 'unknown'}${measured.dirty ? ', dirty' : ''}) → ${options.outDir}\n`);
  for (const name of options.only) {
    const suite = SUITES.get(name);
    if (!suite) {
      process.stderr.write(`bench: suite ${name} is not available\n`);
      failures++;
      continue;
    }
    const machine = machineInfo();
    const t0 = performance.now();
    try {
      const noise = await idleNoise(NOISE_PROBE_MS[options.mode]);
      const cpu = startCpuAccount();
      const log = (m: string): void => void process.stderr.write(`  [${name} +${((performance.now() - t0) / 1000).toFixed(1)} s] ${m}\n`);
      const report = await suite.run({ mode: options.mode, shared, log });
      const cpuUse = cpu.stop();
      const written: WrittenReport = {
        ...report,
        figures: [...report.figures, noise],
        ...measured,
        machine,
        cpu: cpuUse,
        mode: options.mode,
        command,
        durationMs: Math.round(performance.now() - t0),
      };
      printReport(written);
      await writeReport(options.outDir, written);
    } catch (err) {
      failures++;
      process.stderr.write(`bench: suite ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
  }
  process.stderr.write(`bench: done in ${((performance.now() - started) / 1000).toFixed(1)} s, ${failures} failed\n`);
  return failures;
}

try {
  const failures = await runAll(parseOptions(process.argv.slice(2)));
  // Exit explicitly: a suite's stray handle (a keep-alive socket, a worker) must not keep a finished run alive.
  process.exit(failures === 0 ? 0 : 1);
} catch (err) {
  process.stderr.write(`${err instanceof UsageError ? err.message : String(err)}\n`);
  process.exit(2);
}
