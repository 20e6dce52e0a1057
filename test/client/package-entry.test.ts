// `opportunity-scanner/client` is what callers import: it resolves through package.json `exports` to the built client
// (types included), and the client's code stays fetch-only (no node:* imports, no Node globals) so that browsers can load it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const clientDir = fileURLToPath(new URL('../../src/client/', import.meta.url));

describe('opportunity-scanner/client', () => {
  it('resolves through package.json exports to the built client and its declarations', () => {
    // Run from inside the package: Node resolves a package's own name through its `exports` (self-reference).
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', "const m = await import('opportunity-scanner/client'); console.log(JSON.stringify(Object.keys(m).sort()))"], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(expect.arrayContaining(['ScannerError', 'createScannerClient', 'isRetryable']));
    const pkg = JSON.parse(spawnSync(process.execPath, ['-p', 'JSON.stringify(require("./package.json").exports["./client"])'], { cwd: root, encoding: 'utf8' }).stdout) as Record<string, string>;
    expect(existsSync(`${root}${pkg.types}`)).toBe(true);
    expect(existsSync(`${root}${pkg.default}`)).toBe(true);
  });

  it('imports only its own modules and openapi-fetch, and uses no Node-only globals', async () => {
    const files = (await readdir(clientDir)).filter((f) => f.endsWith('.ts'));
    for (const file of files) {
      const source = await readFile(`${clientDir}${file}`, 'utf8');
      const imports = [...source.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]);
      for (const specifier of imports) expect([file, specifier]).toEqual([file, expect.stringMatching(/^(\.\/[\w-]+\.js|openapi-fetch)$/)]);
      expect([file, /\b(process|Buffer|require)\b[.(]/.test(source)]).toEqual([file, false]);
    }
  });
});
