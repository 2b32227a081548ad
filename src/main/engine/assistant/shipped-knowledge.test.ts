import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../test/support/temp-dir';
import { findShippedKnowledge } from './shipped-knowledge';

describe('findShippedKnowledge', () => {
  let dir: ReturnType<typeof makeTempDir> | undefined;
  afterEach(() => dir?.remove());

  it('finds resources/knowledge above a built chunk, however deep the bundler put it', () => {
    dir = makeTempDir();
    const knowledge = join(dir.path, 'app', 'resources', 'knowledge');
    mkdirSync(knowledge, { recursive: true });
    writeFileSync(join(knowledge, 'watchfloor-operator-handbook.md'), '# Handbook\n');
    const chunks = join(dir.path, 'app', 'out', 'main', 'chunks');
    mkdirSync(chunks, { recursive: true });
    expect(findShippedKnowledge(chunks)).toBe(knowledge);
    expect(findShippedKnowledge(join(dir.path, 'app', 'out', 'main'))).toBe(knowledge);
  });

  it('finds the repository’s own from the sources, and nothing where there is none', () => {
    expect(findShippedKnowledge()).toMatch(/resources[\\/]knowledge$/);
    dir = makeTempDir();
    expect(findShippedKnowledge(dir.path)).toBeUndefined();
  });
});
