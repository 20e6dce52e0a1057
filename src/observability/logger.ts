// Structured logs (pino): one JSON object per line on stdout, errors under `err`.
import { pino, type DestinationStream, type Level, type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: Level | 'silent';
  /** Where lines go (tests pass a memory stream); default stdout. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: 'opportunity-scanner',
      level: options.level,
      // Tokens must never reach the logs, even if a request object is logged by mistake.
      redact: { paths: ['req.headers.authorization', 'headers.authorization', 'authorization'], censor: '[redacted]' },
    },
    options.destination,
  );
}
