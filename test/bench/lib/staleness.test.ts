// Provenance and staleness against a real git repository made for the test: a result records the commit it measured
// and whether the tree was dirty; it is stale once a later commit changes src/, workers/, machines/ or its suite.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provenance } from '../../../bench/lib/provenance.js';
import { freshness } from '../../../bench/lib/staleness.js';

describe('provenance and freshness', () => {
  let repo = '';
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
  const commitFile = async (file: string, text: string): Promise<string> => {
    await mkdir(path.dirname(path.join(repo, file)), { recursive: true });
    await writeFile(path.join(repo, file), text);
    git('add', file);
    git('commit', '-qm', `change ${file}`);
    return git('rev-parse', 'HEAD');
  };

  beforeAll(async () => {
    repo = await mkdtemp(path.join(tmpdir(), 'bench-staleness-'));
    git('init', '-q');
    git('config', 'user.email', 'bench@test');
    git('config', 'user.name', 'bench test');
    await commitFile('src/engine.ts', 'v1');
    await commitFile('bench/suites/dispatch.ts', 'v1');
  });

  afterAll(async () => {
    if (repo) await rm(repo, { recursive: true, force: true });
  });

  it('records the commit checked out, and dirty only for changes outside what a run writes', async () => {
    const head = git('rev-parse', 'HEAD');
    expect(provenance(repo)).toEqual({ commit: head, dirty: false });
    await commitFile('bench/results/dispatch.json', '{}');
    await writeFile(path.join(repo, 'bench/results/dispatch.json'), '{"new":1}');
    expect(provenance(repo).dirty).toBe(false);
    await writeFile(path.join(repo, 'bench/results/new-suite.json'), '{}');
    expect(provenance(repo).dirty).toBe(false);
    await writeFile(path.join(repo, 'src/engine.ts'), 'v1 edited');
    expect(provenance(repo).dirty).toBe(true);
    git('checkout', '-q', '--', 'src/engine.ts', 'bench/results/dispatch.json');
    expect(provenance(repo).dirty).toBe(false);
    // A new source file not yet committed is part of what a run measures.
    await writeFile(path.join(repo, 'src/new-part.ts'), 'new');
    expect(provenance(repo).dirty).toBe(true);
    await rm(path.join(repo, 'src/new-part.ts'));
    await rm(path.join(repo, 'bench/results/new-suite.json'));
  });

  it('is current until the measured code or the suite changes, then stale', async () => {
    const measured = git('rev-parse', 'HEAD');
    await commitFile('README.md', 'docs only');
    expect(freshness('dispatch', { commit: measured }, repo).state).toBe('current');
    await commitFile('bench/suites/scaling.ts', 'another suite');
    expect(freshness('dispatch', { commit: measured }, repo).state).toBe('current');
    await commitFile('bench/suites/dispatch/reading-notes.md', 'a note on the suite is prose, not what it measures');
    expect(freshness('dispatch', { commit: measured }, repo).state).toBe('current');
    const change = await commitFile('workers/strategy.ts', 'v2');
    expect(freshness('dispatch', { commit: measured }, repo)).toMatchObject({ state: 'stale', lastChange: change });
    expect(freshness('dispatch', { commit: git('rev-parse', 'HEAD') }, repo).state).toBe('current');
    const suiteChange = await commitFile('bench/suites/dispatch.ts', 'v2');
    expect(freshness('dispatch', { commit: change }, repo)).toMatchObject({ state: 'stale', lastChange: suiteChange });
    // A change and its revert leave the measured code as it was.
    const before = git('rev-parse', 'HEAD');
    await commitFile('src/engine.ts', 'v1 changed');
    expect(freshness('dispatch', { commit: before }, repo).state).toBe('stale');
    await commitFile('src/engine.ts', 'v1');
    expect(freshness('dispatch', { commit: before }, repo).state).toBe('current');
  });

  it('cannot vouch for a result without a commit, or with one this repository does not have', () => {
    expect(freshness('dispatch', { commit: null }, repo).state).toBe('unknown');
    expect(freshness('dispatch', { commit: 'a'.repeat(40) }, repo).state).toBe('unknown');
  });
});
