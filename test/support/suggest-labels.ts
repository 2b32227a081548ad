// An in-memory AnnotationIndex for tests of what reads labels through the engine's port (rule
// suggestions, model evaluation) before and apart from the annotation service: add, change and
// delete labels, and listeners hear each change as the service would announce it.
import type { AnnotationTarget, Verdict } from '../../src/shared/contract/annotations';
import type { AnnotationIndex, LabelChange, LabelRange } from '../../src/main/engine/annotations/annotation-ports';

export class MemoryLabels implements AnnotationIndex {
  revision = 0;
  private readonly live = new Map<string, LabelRange>();
  private readonly listeners = new Set<(c: LabelChange) => void>();
  private next = 1;

  add(l: {
    deviceId: string;
    signal?: string;
    from: number;
    to: number;
    verdict: Verdict;
    target?: AnnotationTarget;
    author?: string;
  }): LabelRange {
    const label: LabelRange = {
      id: `L${this.next++}`,
      signal: '*',
      cause: null,
      text: '',
      author: 'expert',
      target: { type: 'range' },
      revision: 1,
      ...l,
    };
    this.live.set(label.id, label);
    this.emit({ action: 'create', before: null, after: label });
    return label;
  }

  update(id: string, patch: Partial<Pick<LabelRange, 'verdict' | 'from' | 'to'>>): LabelRange {
    const before = this.live.get(id)!;
    const after = { ...before, ...patch, revision: before.revision + 1 };
    this.live.set(id, after);
    this.emit({ action: 'update', before, after });
    return after;
  }

  delete(id: string): void {
    const before = this.live.get(id)!;
    this.live.delete(id);
    this.emit({ action: 'delete', before, after: null });
  }

  rangesOf(deviceId: string, signal: string, from: number, to: number, verdicts?: readonly Verdict[]): LabelRange[] {
    return [...this.live.values()]
      .filter(
        (l) =>
          l.deviceId === deviceId &&
          (l.signal === signal || l.signal === '*') &&
          l.from <= to &&
          l.to >= from &&
          (!verdicts || verdicts.includes(l.verdict)),
      )
      .sort((a, b) => a.from - b.from);
  }

  covering(deviceId: string, signal: string, ts: number, verdict: Verdict): LabelRange | undefined {
    return this.rangesOf(deviceId, signal, ts, ts, [verdict])[0];
  }

  onChange(listener: (change: LabelChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(c: LabelChange): void {
    this.revision++;
    for (const l of this.listeners) l(c);
  }
}
