// False alarms feed back: the fingerprints of the statistical and model anomalies experts
// labelled false alarm, per series, so that detection can store a later look-alike as
// "suppressed by feedback" (with the label that caused it) instead of raising an alarm.
//
// Labels are read only through the AnnotationIndex port. A false-alarm label resolves to the
// anomalies it covers, read back from history's `anomalies` table: its target anomaly when it
// was made on one, else the statistical and model anomalies of its series (every signal of the
// device for a whole-device label) in its range. Anomalies that were themselves suppressed are
// left out: the fingerprints stay those of what an expert judged, and a chain of look-alikes of
// look-alikes cannot creep away from it. Fingerprints are rebuilt from every live false-alarm
// label at connect (start) and kept current per label from the change feed, one resolution at
// a time, in order.
//
// `suppressing()` is called by the detectors on a rising edge only (never on a quiet reading):
// a map lookup and a few comparisons. The matching rule itself is in look-alike.ts.
import type { Anomaly, DetectedAnomaly } from '../../../../shared/contract/detection';
import type { AnnotationIndex, LabelRange } from '../../annotations/annotation-ports';
import type { AnomalyFilter } from '../../history/anomaly-table';
import { fingerprintOf, LookAlikes, type Fingerprint } from './look-alike';

/** What the detectors ask: the id of the false-alarm label an anomaly looks like, or null. */
export interface LookAlikeJudge {
  suppressing(anomaly: DetectedAnomaly): string | null;
}

export interface FeedbackDeps {
  /** history's anomalies table (HistoryStore.anomalies). */
  anomalies: (filter: AnomalyFilter) => Promise<Anomaly[]>;
  /** Every device with its signal keys: where labels are looked for at start, and what a whole-device label covers. */
  devices: () => Iterable<{ id: string; signals: readonly { key: string }[] }>;
  log: (message: string) => void;
}

/** Anomalies one label resolves to, at most (a label over years of a chattering series). */
const MAX_PER_LABEL = 1000;
const FEEDBACK_KINDS = new Set(['statistical', 'model']);

export class FeedbackSuppressor implements LookAlikeJudge {
  /** Per label, its anomalies' fingerprints with the series (device/signal) each was on. */
  private readonly byLabel = new Map<string, { series: string; print: Fingerprint }[]>();
  private bySeries = new Map<string, LookAlikes>();
  private work: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | null = null;
  private index: AnnotationIndex | null = null;
  /** Anomalies stored as suppressed since start. */
  suppressed = 0;

  constructor(private readonly deps: FeedbackDeps) {}

  /** Starts reading labels from `index`: every live false-alarm label now, then each change. */
  connect(index: AnnotationIndex): Promise<void> {
    this.disconnect();
    this.index = index;
    this.unsubscribe = index.onChange((change) => {
      const ids = new Set([change.before?.id, change.after?.id].filter((id): id is string => !!id));
      this.enqueue(async () => {
        for (const id of ids) this.byLabel.delete(id);
        if (change.after && change.after.verdict === 'false-alarm') await this.add(change.after);
        this.reindex();
      });
    });
    this.enqueue(() => this.rebuild());
    return this.idle();
  }

  disconnect(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.index = null;
  }

  /** Resolves once every label change seen so far is reflected in the fingerprints. */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.work;
      await seen;
    } while (seen !== this.work);
  }

  /** Labelled fingerprints in force (for health and tests). */
  get fingerprints(): number {
    let n = 0;
    for (const list of this.byLabel.values()) n += list.length;
    return n;
  }

  suppressing(anomaly: DetectedAnomaly): string | null {
    if (this.bySeries.size === 0 || !FEEDBACK_KINDS.has(anomaly.kind)) return null;
    const known = this.bySeries.get(`${anomaly.deviceId}/${anomaly.signal}`);
    if (!known) return null;
    const f = fingerprintOf(anomaly);
    const label = f ? known.match(f) : null;
    if (label) this.suppressed++;
    return label;
  }

  private enqueue(task: () => Promise<void>): void {
    this.work = this.work.then(task).catch((err: unknown) => {
      this.deps.log(`feedback from labels not updated: ${(err as Error).message}`);
    });
  }

  private async rebuild(): Promise<void> {
    const index = this.index;
    if (!index) return;
    this.byLabel.clear();
    const labels = new Map<string, LabelRange>();
    for (const device of this.deps.devices()) {
      for (const signal of [...device.signals.map((s) => s.key), '*']) {
        for (const l of index.rangesOf(device.id, signal, -Infinity, Infinity, ['false-alarm'])) labels.set(l.id, l);
      }
    }
    for (const label of labels.values()) await this.add(label);
    this.reindex();
  }

  /** Resolves one false-alarm label to the fingerprints of the anomalies it covers. */
  private async add(label: LabelRange): Promise<void> {
    const t = label.target;
    const from = t.type === 'anomaly' ? t.ts : label.from;
    const to = t.type === 'anomaly' ? t.ts : label.to;
    const signals =
      label.signal === '*' && t.type !== 'anomaly' ? [...this.signalsOf(label.deviceId), '*'] : [label.signal];
    const prints: { series: string; print: Fingerprint }[] = [];
    for (const signal of signals) {
      const rows = await this.deps.anomalies({
        deviceId: label.deviceId,
        signal,
        from,
        to,
        includeDevice: false,
        limit: MAX_PER_LABEL,
      });
      for (const a of rows) {
        if (!FEEDBACK_KINDS.has(a.kind) || a.suppressedBy) continue;
        if (t.type === 'anomaly' && (a.detector !== t.detector || a.kind !== t.kind)) continue;
        const f = fingerprintOf(a, label.id);
        if (f) prints.push({ series: `${a.deviceId}/${a.signal}`, print: f });
      }
    }
    this.byLabel.set(label.id, prints);
  }

  private signalsOf(deviceId: string): string[] {
    for (const d of this.deps.devices()) if (d.id === deviceId) return d.signals.map((s) => s.key);
    return [];
  }

  private reindex(): void {
    const grouped = new Map<string, Fingerprint[]>();
    for (const list of this.byLabel.values()) {
      for (const { series, print } of list) {
        const g = grouped.get(series) ?? [];
        g.push(print);
        grouped.set(series, g);
      }
    }
    const next = new Map<string, LookAlikes>();
    for (const [series, prints] of grouped) next.set(series, new LookAlikes(prints.sort((a, b) => a.ts - b.ts)));
    this.bySeries = next;
  }
}
