import { describe, expect, it } from 'vitest';
import { canonicalModelName, findInstalledModel } from './model-names';

describe('Ollama model names', () => {
  it('finds a model configured without a tag when Ollama lists it as :latest, and the reverse', () => {
    expect(findInstalledModel('nomic-embed-text', ['llama3.2:3b', 'nomic-embed-text:latest'])).toBe(
      'nomic-embed-text:latest',
    );
    expect(findInstalledModel('mxbai-embed-large:latest', ['mxbai-embed-large'])).toBe('mxbai-embed-large');
  });

  it('does not take another tag of the same model for the one configured', () => {
    expect(findInstalledModel('llama3.2:3b', ['llama3.2:1b', 'llama3.2:latest'])).toBeUndefined();
  });

  it('ignores case and the default registry prefix, and keeps a registry port apart from the tag', () => {
    expect(findInstalledModel('Llama3.2:3B', ['registry.ollama.ai/library/llama3.2:3b'])).toBe(
      'registry.ollama.ai/library/llama3.2:3b',
    );
    expect(canonicalModelName('myregistry:5000/team/model')).toBe('myregistry:5000/team/model:latest');
  });
});
