// The Lua scripts of the scan records, kept as .lua files beside this one (each with a header naming its KEYS and ARGV),
// defined once per connection with ioredis `defineCommand` (EVALSHA, falling back to EVAL once), as BullMQ loads its own.
// tsc does not copy .lua files into dist/: compiled code reads them from the source tree, which ships with dist/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';

const here = path.dirname(fileURLToPath(import.meta.url));
// From sources: <root>/src/cluster/scripts; compiled: <root>/dist/src/cluster/scripts.
const root = path.resolve(here, '../../..');
const scriptsDir = path.basename(root) === 'dist' ? path.join(path.dirname(root), 'src/cluster/scripts') : here;

/** Every script: its file (without .lua), the ioredis command it becomes, and how many of its arguments are keys. */
export const SCAN_SCRIPTS = {
  startScan: { file: 'start-scan', command: 'scannerStartScan', keys: 4 },
  writeVersion: { file: 'write-version', command: 'scannerWriteVersion', keys: 5 },
} as const;

export type ScriptName = keyof typeof SCAN_SCRIPTS;
export type ScriptCall<R> = (...args: Array<string | number | Buffer>) => Promise<R>;

/** The path a script is read from (for tests and error messages). */
export function scriptPath(name: ScriptName): string {
  return path.join(scriptsDir, `${SCAN_SCRIPTS[name].file}.lua`);
}

const sources = new Map<ScriptName, string>();
function source(name: ScriptName): string {
  let lua = sources.get(name);
  if (lua === undefined) {
    lua = readFileSync(scriptPath(name), 'utf8');
    sources.set(name, lua);
  }
  return lua;
}

/** Defines `name` on this connection (once) and returns it bound; call it with its keys, then its arguments. */
export function defineScript<R>(redis: Redis, name: ScriptName): ScriptCall<R> {
  const { command, keys } = SCAN_SCRIPTS[name];
  // defineCommand adds a method ioredis cannot type: it is reached only through the typed function returned here.
  const commands = redis as unknown as Record<string, ScriptCall<R> | undefined>;
  if (typeof commands[command] !== 'function') redis.defineCommand(command, { numberOfKeys: keys, lua: source(name) });
  return (commands[command] as ScriptCall<R>).bind(redis);
}
