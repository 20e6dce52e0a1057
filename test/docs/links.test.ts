// The front door keeps its promises: README.md stays short, its quick-start test command is the one CI runs, and every
// relative link in README.md and docs/*.md points at a file that exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const documents = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Every relative link target in a Markdown text: inline links and images, without their #fragment. */
function relativeLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...withoutCode.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1] as string)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => decodeURI(target.split('#')[0] as string));
}

describe('README.md', () => {
  it('is at most 350 lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(350);
  });

  it("quick start's test command is the one .ci/run runs", () => {
    const quickStart = readme.slice(readme.indexOf('## Quick start'));
    const block = /```sh\n([\s\S]*?)```/.exec(quickStart)?.[1] ?? '';
    const testCommand = block.split('\n').find((line) => /^npm (run )?test\b/.test(line))?.split('#')[0]?.trim();
    expect(testCommand).toBe('npm test');
    const ciCommands = readFileSync(join(root, '.ci/run'), 'utf8').split('\n').map((line) => line.trim());
    expect(ciCommands).toContain(testCommand);
  });
});

describe('relative links', () => {
  it.each(documents)('in %s all point at existing files', (document) => {
    const missing: string[] = [];
    for (const target of relativeLinks(readFileSync(join(root, document), 'utf8'))) {
      const resolved = relative(root, join(root, dirname(document), target));
      if (!existsSync(join(root, resolved))) missing.push(`${target} (→ ${resolved})`);
    }
    expect(missing).toEqual([]);
  });

  it('the link check finds links, and a dangling one', () => {
    expect(relativeLinks('see [a](docs/a.md#x), ![img](img/b.png), [web](https://x.dev), [here](#top), `[no](code.md)`')).toEqual(['docs/a.md', 'img/b.png']);
    expect(relativeLinks(readme).length).toBeGreaterThan(10);
  });
});
