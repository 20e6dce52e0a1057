// Structured logs (pino): one JSON object per line on stdout, errors under `err`.
import { hostname } from 'node:os';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: Level | 'silent';
  /** Where lines go (tests pass a memory stream); default stdout. */
  destination?: DestinationStream;
  /** This process's instance id, on every line. */
  instance?: string;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: 'opportunity-scanner',
      level: options.level,
      // Several instances write to one log store: every line names its instance (SCANNER_INSTANCE_ID).
      ...(options.instance ? { base: { pid: process.pid, hostname: hostname(), instance: options.instance } } : {}),
      // Tokens must never reach the logs, even if a request object is logged by mistake.
      redact: { paths: ['req.headers.authorization', 'headers.authorization', 'authorization'], censor: '[redacted]' },
    },
    options.destination,
  );
}
