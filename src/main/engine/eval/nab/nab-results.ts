// Writes the engine's per-row NAB scores in NAB's own results layout, so that NAB's scorer (or
// anyone's) can score them: <dir>/<category>/<detector>_<file>.csv with the columns NAB's
// detectors write — timestamp ("YYYY-MM-DD HH:MM:SS", UTC as the corpus is read), value,
// anomaly_score, label (1 inside a labelled window). `dir` plays results/<detector>/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NabCorpus } from './corpus';
import type { ScoredFile } from './scorer';

export const NAB_DETECTOR = 'watchfloor';

function nabTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Writes one results file per corpus file; returns how many. */
export function writeNabResults(dir: string, corpus: NabCorpus, files: readonly ScoredFile[]): number {
  const values = new Map(corpus.series.map((s) => [s.name, s.values]));
  for (const f of files) {
    const slash = f.name.lastIndexOf('/');
    const folder = join(dir, f.name.slice(0, slash));
    mkdirSync(folder, { recursive: true });
    const v = values.get(f.name)!;
    const lines = ['timestamp,value,anomaly_score,label'];
    for (let i = 0; i < f.scores.length; i++) {
      const t = f.timestamps[i]!;
      const label = f.windows.some(([a, b]) => t >= a && t <= b) ? 1 : 0;
      lines.push(`${nabTime(t)},${v[i]},${f.scores[i]!.toFixed(6)},${label}`);
    }
    writeFileSync(join(folder, `${NAB_DETECTOR}_${f.name.slice(slash + 1)}`), `${lines.join('\n')}\n`);
  }
  return files.length;
}
