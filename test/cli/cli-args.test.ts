// Argument parsing of `npm run scan`: what is accepted, and every malformed input is a usage error.
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/cli/cli-args.js';

describe('parseCliArgs', () => {
  it('defaults to an in-process scan of everything', () => {
    expect(parseCliArgs([], {})).toEqual({ kind: 'run', options: { user: 'cli', top: 10, json: false, budgetMs: undefined, strategyTimeoutMs: undefined, strategies: undefined, symbols: undefined, url: undefined, token: undefined } });
  });

  it('parses every option; lists may be comma-separated or repeated', () => {
    const parsed = parseCliArgs(
      ['--budget', '5000', '--timeout', '2000', '--strategies', 'a,b', '--strategies', 'c', '--symbols', 'BTC-USD, ETH-USD', '--url', 'http://127.0.0.1:3000/', '--token', 't0k', '--top', '3', '--json'],
      {},
    );
    expect(parsed).toEqual({
      kind: 'run',
      options: { budgetMs: 5000, strategyTimeoutMs: 2000, strategies: ['a', 'b', 'c'], symbols: ['BTC-USD', 'ETH-USD'], url: 'http://127.0.0.1:3000', token: 't0k', user: 'cli', top: 3, json: true },
    });
  });

  it('takes the token from SCANNER_TOKEN', () => {
    const parsed = parseCliArgs(['--url', 'http://h:1'], { SCANNER_TOKEN: 'from-env' });
    expect(parsed.kind === 'run' && parsed.options.token).toBe('from-env');
  });

  it('recognises --help and -h', () => {
    expect(parseCliArgs(['--help'], {})).toEqual({ kind: 'help' });
    expect(parseCliArgs(['-h'], {})).toEqual({ kind: 'help' });
  });

  it.each([
    [['--budget'], /budget/],
    [['--budget', 'ten'], /--budget must be an integer/],
    [['--budget', '99'], /--budget must be an integer from 100 to 60000/],
    [['--budget', '1e4'], /--budget/],
    [['--timeout', '70000'], /--timeout/],
    [['--strategies', ','], /--strategies needs at least one value/],
    [['--strategies', 'a,a'], /must not repeat/],
    [['--url', 'ftp://x'], /--url must be an http/],
    [['--url', 'not a url'], /--url/],
    [['--top', '0'], /--top/],
    [['--user', 'bad user'], /--user/],
    [['--verbose'], /Unknown option '--verbose'/],
    [['positional'], /Unexpected argument 'positional'/],
  ])('%j is a usage error', (argv, message) => {
    const parsed = parseCliArgs(argv, {});
    expect(parsed.kind).toBe('usage-error');
    expect(parsed.kind === 'usage-error' && parsed.message).toMatch(message);
  });
});
