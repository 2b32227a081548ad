// Where the runbooks shipped with Watchfloor (resources/knowledge) are: beside the built engine
// (out/main/*.js → ../../resources) or the sources (src/main/engine/assistant → ../../../../resources).
// A packaged desktop passes its own location (EnginePorts.knowledgeDir).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function findShippedKnowledge(): string | undefined {
  const candidates = [join(__dirname, '../../resources/knowledge'), join(__dirname, '../../../../resources/knowledge')];
  return candidates.find((dir) => existsSync(join(dir, 'watchfloor-operator-handbook.md')));
}
