// Where the runbooks shipped with Watchfloor (resources/knowledge) are. The engine runs from the
// sources (src/main/engine/assistant), from the build (out/main/*.js, or a chunk under
// out/main/chunks/ — the bundler decides) or from a package, so the folder is looked for upwards
// from this module, by the handbook that is always in it. A packaged desktop that keeps its
// resources elsewhere passes their location (EnginePorts.knowledgeDir).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MARKER = 'watchfloor-operator-handbook.md';

export function findShippedKnowledge(from: string = __dirname): string | undefined {
  let dir = from;
  for (let up = 0; up < 6; up++) {
    const candidate = join(dir, 'resources', 'knowledge');
    if (existsSync(join(candidate, MARKER))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
