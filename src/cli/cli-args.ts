// Command-line arguments of `npm run scan`, parsed with node:util parseArgs. Anything malformed is a usage error (exit 2).
import { parseArgs } from 'node:util';
import { CONTRACT } from '../http/schemas/request-schemas.js';

export const USAGE = `Usage: npm run scan -- [options]

Runs one scan and shows its progress, then the top opportunities and each strategy's outcome.
Without --url the scan runs in this process (market and strategies as configured by the SCANNER_* variables);
with --url it drives a running server over HTTP.

Options:
  --budget <ms>          whole-scan budget, ${CONTRACT.minBudgetMs}…${CONTRACT.maxBudgetMs} (default: the server's, 10000)
  --timeout <ms>         per-strategy timeout, ${CONTRACT.minStrategyTimeoutMs}…${CONTRACT.maxStrategyTimeoutMs} (default 30000)
  --strategies <a,b,…>   strategy ids (default: all); repeatable
  --symbols <X,Y,…>      symbols of the market (default: all); repeatable
  --url <http://host:port>  drive a running server instead of scanning in-process
  --token <token>        bearer token for --url (default: $SCANNER_TOKEN)
  --user <id>            X-User-Id for --url when the server runs without tokens (default: cli)
  --top <n>              opportunities to list (default 10)
  --json                 print the final snapshot as JSON on stdout (progress still goes to stderr)
  --trace <file>         save the scan's trace (XState inspection records) as JSON, for replay in the /debug page
  -h, --help             this text
`;

export interface CliOptions {
  budgetMs?: number;
  strategyTimeoutMs?: number;
  strategies?: string[];
  symbols?: string[];
  url?: string;
  token?: string;
  user: string;
  top: number;
  json: boolean;
  /** Where to save the scan's trace, if anywhere. */
  trace?: string;
}

export type ParsedArgs = { kind: 'help' } | { kind: 'run'; options: CliOptions } | { kind: 'usage-error'; message: string };

class UsageError extends Error {}

function integer(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function list(name: string, raw: string[] | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw.flatMap((r) => r.split(',')).map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`--${name} needs at least one value`);
  return items;
}

function httpUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url must be an http(s) URL, got "${raw}"`);
  return url.href.replace(/\/$/, '');
}

export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedArgs {
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        budget: { type: 'string' },
        timeout: { type: 'string' },
        strategies: { type: 'string', multiple: true },
        symbols: { type: 'string', multiple: true },
        url: { type: 'string' },
        token: { type: 'string' },
        user: { type: 'string' },
        top: { type: 'string' },
        json: { type: 'boolean', default: false },
        trace: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) return { kind: 'help' };
    const user = values.user ?? 'cli';
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(user)) throw new UsageError('--user must be 1–64 characters of [A-Za-z0-9_.-]');
    const options: CliOptions = {
      budgetMs: integer('budget', values.budget, CONTRACT.minBudgetMs, CONTRACT.maxBudgetMs),
      strategyTimeoutMs: integer('timeout', values.timeout, CONTRACT.minStrategyTimeoutMs, CONTRACT.maxStrategyTimeoutMs),
      strategies: list('strategies', values.strategies),
      symbols: list('symbols', values.symbols),
      url: httpUrl(values.url),
      token: values.token ?? (env.SCANNER_TOKEN || undefined),
      user,
      top: integer('top', values.top, 1, 1000) ?? 10,
      json: values.json,
      trace: values.trace,
    };
    if (options.strategies && new Set(options.strategies).size !== options.strategies.length) {
      throw new UsageError('--strategies must not repeat an id');
    }
    return { kind: 'run', options };
  } catch (err) {
    // parseArgs reports unknown options and missing values as TypeErrors with an ERR_PARSE_ARGS_* code.
    const code = (err as { code?: unknown }).code;
    if (err instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      return { kind: 'usage-error', message: (err as Error).message };
    }
    throw err;
  }
}
