// An in-memory AnnotationIndex for tests and benchmarks of feedback (false alarms suppressing
// look-alikes): labels made, changed and deleted by hand, announced on the change feed as the
// annotation service announces stored ones. Not the annotation service (state.db, history,
// revisions checked): only the port the engine's other parts read labels through.
import type { AnnotationTarget, Verdict } from '../../src/shared/contract/annotations';
import type { AnnotationIndex, LabelChange, LabelRange } from '../../src/main/engine/annotations/annotation-ports';

export interface NewLabel {
  deviceId: string;
  signal: string;
  from: number;
  to: number;
  verdict: Verdict;
  target?: AnnotationTarget;
  cause?: string | null;
  text?: string;
}

export class MemoryLabels implements AnnotationIndex {
  revision = 0;
  private readonly labels = new Map<string, LabelRange>();
  private listeners: ((change: LabelChange) => void)[] = [];
  private next = 1;

  create(l: NewLabel): LabelRange {
    const label: LabelRange = {
      id: `label-${this.next++}`,
      deviceId: l.deviceId,
      signal: l.signal,
      from: l.from,
      to: l.to,
      verdict: l.verdict,
      cause: l.cause ?? null,
      text: l.text ?? '',
      author: 'local',
      target: l.target ?? { type: 'range' },
      revision: 1,
    };
    this.labels.set(label.id, label);
    this.announce({ action: 'create', before: null, after: label });
    return label;
  }

  update(id: string, fields: Partial<NewLabel>): LabelRange {
    const before = this.labels.get(id);
    if (!before) throw new Error(`no label ${id}`);
    const after: LabelRange = { ...before, ...fields, revision: before.revision + 1 };
    this.labels.set(id, after);
    this.announce({ action: 'update', before, after });
    return after;
  }

  delete(id: string): void {
    const before = this.labels.get(id);
    if (!before) return;
    this.labels.delete(id);
    this.announce({ action: 'delete', before, after: null });
  }

  rangesOf(deviceId: string, signal: string, from: number, to: number, verdicts?: readonly Verdict[]): LabelRange[] {
    return [...this.labels.values()]
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
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  private announce(change: LabelChange): void {
    this.revision++;
    for (const l of this.listeners) l(change);
  }
}
