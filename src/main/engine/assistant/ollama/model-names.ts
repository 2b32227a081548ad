// Ollama model names as people write them and as /api/tags lists them: `nomic-embed-text`
// and `nomic-embed-text:latest` are the same model, so are `Llama3.2:3B` and `llama3.2:3b`,
// and `registry.ollama.ai/library/x` is `x`. A tag is what follows the last colon after the
// last slash (a registry host may carry a port: `myregistry:5000/team/model`).
export function canonicalModelName(name: string): string {
  let n = name.trim().toLowerCase();
  for (const prefix of ['registry.ollama.ai/library/', 'registry.ollama.ai/']) {
    if (n.startsWith(prefix)) n = n.slice(prefix.length);
  }
  const lastSegment = n.slice(n.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? n : `${n}:latest`;
}

/** The installed name that is the wanted model, or undefined. */
export function findInstalledModel(wanted: string, installed: readonly string[]): string | undefined {
  const target = canonicalModelName(wanted);
  return installed.find((name) => canonicalModelName(name) === target);
}
