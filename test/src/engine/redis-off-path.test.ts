// The embedded default runs no Redis code: nothing the process entry (src/main.ts) or the CLI imports statically reaches
// ioredis, BullMQ or src/cluster/. Distributed mode's adapters are loaded by one dynamic import in
// src/engine/build-engine.ts, only when SCANNER_REDIS_URL is set.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
/**
 * Static imports and re-exports that stay in the compiled JS (`import … from '…'`, `export … from '…'`, `import '…'`):
 * `import type` is erased, and `import('…')` is not static.
 */
const STATIC_IMPORT = /^\s*(?:import|export)\s(?!type\s)(?:[^'"]*?\sfrom\s)?['"]([^'"]+)['"]/gm;

/** Every source file reached from `entry` by static imports, and every package they name. */
function staticClosure(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (!spec) continue;
      if (!spec.startsWith('.')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec));
      else visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
    }
  };
  visit(path.join(ROOT, entry));
  return { files, packages };
}

describe('the embedded default’s path', () => {
  it.each(['src/main.ts', 'src/cli/scan-cli.ts'])('%s reaches no Redis code by a static import', (entry) => {
    const { files, packages } = staticClosure(entry);
    expect(files.size).toBeGreaterThan(20);
    expect([...packages].filter((p) => p === 'ioredis' || p === 'bullmq')).toEqual([]);
    expect([...files].map((f) => path.relative(ROOT, f)).filter((f) => f.startsWith('src/cluster/'))).toEqual([]);
  });

  it('the one way in is the dynamic import in the builder', () => {
    const builder = readFileSync(path.join(ROOT, 'src/engine/build-engine.ts'), 'utf8');
    expect(builder).toMatch(/await import\('\.\.\/cluster\/cluster-ports\.js'\)/);
  });
});
