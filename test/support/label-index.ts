// An in-memory AnnotationIndex (src/main/engine/annotations/annotation-ports.ts) for tests of the
// parts that read labels through the port (bad data, feedback, rule suggestions, model evaluation): labels are added, changed, deleted and restored here,
// and every change is told to the listeners the way the annotation service tells them. It also
// keeps corrected values, answering as `annotations.corrected` does.
import type { AnnotationIndex, LabelChange, LabelRange } from '../../src/main/engine/annotations/annotation-ports';
import type { AnnotationTarget, CorrectedSeries, Verdict } from '../../src/shared/contract/annotations';

export interface LabelInput {
  deviceId: string;
  signal?: string;
  from: number;
  to: number;
  verdict: Verdict;
  cause?: string | null;
  text?: string;
  target?: AnnotationTarget;
  author?: string;
}

export class MemoryLabelIndex implements AnnotationIndex {
  revision = 0;
  private readonly live = new Map<string, LabelRange>();
  private readonly deleted = new Map<string, LabelRange>();
  private readonly corrections = new Map<string, { ts: number; value: number }[]>();
  private listeners: ((change: LabelChange) => void)[] = [];
  private next = 1;

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
    for (const l of this.live.values()) {
      if (l.deviceId === deviceId && (l.signal === signal || l.signal === '*') && l.verdict === verdict) {
        if (ts >= l.from && ts <= l.to) return l;
      }
    }
    return undefined;
  }

  onChange(listener: (change: LabelChange) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  create(input: LabelInput): LabelRange {
    const label: LabelRange = {
      id: `L${this.next++}`,
      deviceId: input.deviceId,
      signal: input.signal ?? '*',
      from: input.from,
      to: input.to,
      verdict: input.verdict,
      cause: input.cause ?? null,
      text: input.text ?? '',
      author: input.author ?? 'local',
      target: input.target ?? { type: 'range' },
      revision: 1,
    };
    this.live.set(label.id, label);
    this.tell({ action: 'create', before: null, after: label });
    return label;
  }

  update(id: string, fields: Partial<Pick<LabelRange, 'signal' | 'from' | 'to' | 'verdict' | 'text'>>): LabelRange {
    const before = this.mustBeLive(id);
    const after = { ...before, ...fields, revision: before.revision + 1 };
    this.live.set(id, after);
    this.tell({ action: 'update', before, after });
    return after;
  }

  delete(id: string): void {
    const before = this.mustBeLive(id);
    this.live.delete(id);
    this.deleted.set(id, { ...before, revision: before.revision + 1 });
    this.tell({ action: 'delete', before, after: null });
  }

  restore(id: string): LabelRange {
    const gone = this.deleted.get(id);
    if (!gone) throw new Error(`no deleted label ${id}`);
    this.deleted.delete(id);
    const after = { ...gone, revision: gone.revision + 1 };
    this.live.set(id, after);
    this.tell({ action: 'restore', before: null, after });
    return after;
  }

  setCorrections(id: string, values: { ts: number; value: number }[]): void {
    const label = this.mustBeLive(id);
    this.corrections.set(
      id,
      [...values].sort((a, b) => a.ts - b.ts),
    );
    const after = { ...label, revision: label.revision + 1 };
    this.live.set(id, after);
    this.tell({ action: 'corrections', before: label, after });
  }

  /** As `annotations.corrected`: the corrected values of live labels of these series in [from, to]. */
  corrected(series: readonly string[], from: number, to: number): Promise<CorrectedSeries[]> {
    const out: CorrectedSeries[] = [];
    for (const key of series) {
      const slash = key.indexOf('/');
      const device = key.slice(0, slash);
      const signal = key.slice(slash + 1);
      for (const label of this.rangesOf(device, signal, from, to, ['bad-data'])) {
        const values = (this.corrections.get(label.id) ?? []).filter((v) => v.ts >= from && v.ts <= to);
        if (values.length === 0) continue;
        out.push({
          series: key,
          annotationId: label.id,
          ts: values.map((v) => v.ts),
          value: values.map((v) => v.value),
        });
      }
    }
    return Promise.resolve(out);
  }

  private mustBeLive(id: string): LabelRange {
    const label = this.live.get(id);
    if (!label) throw new Error(`no live label ${id}`);
    return label;
  }

  private tell(change: LabelChange): void {
    this.revision++;
    for (const l of this.listeners) l(change);
  }
}
