// `npm run scan -- …`: runs one scan (in-process, or against a server with --url), shows a live progress bar, then the
// top opportunities and each strategy's outcome (or, with --json, the final snapshot).
// Exit codes: 0 scan finished (complete, partial), 1 scan failed or an error occurred, 2 bad arguments, 130 interrupted.
import { writeFile } from 'node:fs/promises';
import { ConfigError, loadConfig } from '../config.js';
import { REPEAT_SIGNAL_MS } from '../process-signals.js';
import type { ScanSnapshot } from '../engine/engine.js';
import { USAGE, parseCliArgs, type CliOptions } from './cli-args.js';
import { createHttpDriver } from './http-driver.js';
import { createInProcessDriver } from './in-process-driver.js';
import { ProgressView } from './progress-view.js';
import { opportunitiesTable, strategiesTable, summaryLine } from './result-view.js';
import { ScanRequestError, type ScanDriver } from './scan-driver.js';

const say = (text: string): boolean => process.stderr.write(`${text}\n`);

async function createDriver(options: CliOptions): Promise<ScanDriver> {
  if (options.url) return createHttpDriver({ url: options.url, token: options.token, user: options.user });
  return createInProcessDriver(loadConfig(), (err) => say(`worker pool error: ${err instanceof Error ? err.message : String(err)}`));
}

function printResult(final: ScanSnapshot, options: CliOptions): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify(final, null, 2)}\n`);
    return;
  }
  process.stdout.write(`\n${summaryLine(final)}\n\nTop opportunities\n${opportunitiesTable(final, options.top)}\n\nStrategies\n${strategiesTable(final)}\n`);
}

/** Runs the scan to its end; Ctrl-C cancels it (finished results are still shown), a second Ctrl-C exits at once. */
async function scanWith(driver: ScanDriver, options: CliOptions): Promise<number> {
  say(`Scanning ${driver.description}…`);
  const { strategies, symbols, budgetMs, strategyTimeoutMs } = options;
  const request = Object.fromEntries(Object.entries({ strategies, symbols, budgetMs, strategyTimeoutMs }).filter(([, v]) => v !== undefined));
  const first = await driver.start(request);
  const view = new ProgressView(first);
  let interrupted = false;
  let interruptedAt = 0;
  const onInterrupt = (): void => {
    if (interrupted) {
      // npm's forwarded copy of the first Ctrl-C is not a second one.
      if (Date.now() - interruptedAt < REPEAT_SIGNAL_MS) return;
      process.exit(130);
    }
    interrupted = true;
    interruptedAt = Date.now();
    driver.cancel(first.id).catch((err: unknown) => say(`cancel failed: ${String(err)}`));
  };
  process.on('SIGINT', onInterrupt);
  try {
    const final = await driver.follow(first.id, (snapshot) => view.update(snapshot));
    view.stop(final);
    printResult(final, options);
    if (options.trace) {
      // Same JSON array as GET /v1/scans/{id}/trace: the /debug page's "Load trace file" replays it.
      await writeFile(options.trace, `${JSON.stringify(await driver.trace(first.id))}\n`);
      say(`trace saved to ${options.trace}`);
    }
    if (interrupted) return 130;
    return final.state === 'failed' ? 1 : 0;
  } catch (err) {
    view.stop(first);
    throw err;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

export async function runScanCli(argv: string[]): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === 'usage-error') {
    say(`error: ${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  let driver: ScanDriver | undefined;
  try {
    driver = await createDriver(parsed.options);
    return await scanWith(driver, parsed.options);
  } catch (err) {
    if (err instanceof ScanRequestError) {
      say(`error: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    say(err instanceof ConfigError ? err.message : `error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await driver?.close();
  }
}

runScanCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    say(`error: ${String(err)}`);
    process.exit(1);
  },
);
