// The review queue (annotations.queue): closed alarms and anomalies of the last N days that no
// live label covers, newest first, for an expert to give each a verdict.
//
// Rules, decided here: an event is labelled when a live label of its series or of its whole
// device ("*") contains the event's start, or when a live label's target names it (the alarm,
// or the anomaly by detector, kind and time). An anomaly that raised an alarm — same device and
// signal, its time within a second of the alarm's first or latest occurrence — is shown once,
// as the alarm (carrying the anomaly's detector and score); that includes alarms still open, so
// their anomalies do not come back later as separate items. Anomalies that feedback suppressed
// (`suppressedBy`) raised nothing and are not asked about. `total` counts every unlabelled event.
import type { ReviewItem } from '../../../shared/contract/annotations';
import type { Anomaly, AnomalyKind } from '../../../shared/contract/detection';
import type { Alarm, AlarmKind } from '../../../shared/domain';
import type { AlarmStore } from '../alarms/alarm-store';
import type { HistoryStore } from '../history/history-store';
import type { AnnotationService } from './annotation-service';

const DAY = 86_400_000;
/** How close an anomaly's time is to an alarm's occurrence to be the same event. */
const SAME_EVENT_MS = 1000;
/** At most this many alarms or anomalies are read per request (90 days of a busy fleet). */
const READ_CAP = 200_000;

export interface ReviewQueueDeps {
  annotations: Pick<AnnotationService, 'rangesOf' | 'liveOf'>;
  alarmStore: Pick<AlarmStore, 'history' | 'open'>;
  history: Pick<HistoryStore, 'anomaliesAcross'>;
  clock: () => number;
}

const KIND_OF_ALARM: Record<AlarmKind, AnomalyKind> = {
  high: 'high',
  low: 'low',
  rate: 'rate',
  flatline: 'flatline',
  offline: 'offline',
  quality: 'quality',
  anomaly: 'statistical',
  trend: 'trend',
  model: 'model',
};

const DETECTOR_OF_ALARM: Record<AlarmKind, string> = {
  high: 'rule:limits',
  low: 'rule:limits',
  rate: 'rule:rate',
  flatline: 'rule:flatline',
  offline: 'rule:offline',
  quality: 'rule:quality',
  anomaly: 'stats',
  trend: 'trend',
  model: 'model',
};

const anomalyKey = (device: string, signal: string, detector: string, ts: number) =>
  `anomaly:${device}/${signal}/${detector}/${ts}`;

function alarmItem(a: Alarm, cause: Anomaly | undefined): ReviewItem {
  return {
    key: `alarm:${a.id}`,
    source: 'alarm',
    deviceId: a.deviceId,
    signal: a.signal,
    from: a.raisedAt,
    to: a.returnedAt ?? a.closedAt ?? a.lastAt,
    kind: cause?.kind ?? KIND_OF_ALARM[a.kind],
    detector: cause?.detector ?? DETECTOR_OF_ALARM[a.kind],
    message: a.message ?? cause?.message ?? `${a.kind} ${a.value}${a.limit === null ? '' : ` (limit ${a.limit})`}`,
    score: cause?.score ?? 0,
    priority: a.priority,
    alarmId: a.id,
    target: { type: 'alarm', alarmId: a.id },
  };
}

function anomalyItem(a: Anomaly): ReviewItem {
  return {
    key: anomalyKey(a.deviceId, a.signal, a.detector, a.ts),
    source: 'anomaly',
    deviceId: a.deviceId,
    signal: a.signal,
    from: a.ts,
    to: a.ts,
    kind: a.kind,
    detector: a.detector,
    message: a.message,
    score: a.score,
    priority: null,
    alarmId: null,
    target: { type: 'anomaly', detector: a.detector, kind: a.kind, ts: a.ts },
  };
}

export async function reviewQueue(
  deps: ReviewQueueDeps,
  p: { days: number; deviceId?: string; limit: number },
): Promise<{ items: ReviewItem[]; total: number }> {
  const now = deps.clock();
  const from = now - p.days * DAY;
  const devices = p.deviceId === undefined ? undefined : [p.deviceId];
  const closed = deps.alarmStore.history({ from, devices, limit: READ_CAP });
  const open = deps.alarmStore.open().filter((a) => !devices || a.deviceId === p.deviceId);
  const anomalies = await deps.history.anomaliesAcross({ from, to: now, deviceId: p.deviceId, limit: READ_CAP });

  // Alarm occurrences by series, to find the anomaly behind each alarm.
  const occurrences = new Map<string, Alarm[]>();
  for (const a of [...closed, ...open]) {
    const key = `${a.deviceId}/${a.signal}`;
    const list = occurrences.get(key);
    if (list) list.push(a);
    else occurrences.set(key, [a]);
  }
  const alarmOf = (x: Anomaly): Alarm | undefined =>
    occurrences
      .get(`${x.deviceId}/${x.signal}`)
      ?.find((a) => Math.abs(x.ts - a.raisedAt) <= SAME_EVENT_MS || Math.abs(x.ts - a.lastAt) <= SAME_EVENT_MS);

  // What live labels name as their target, per device asked about.
  const named = new Set<string>();
  const seenDevices = new Set<string>();
  const noteTargets = (deviceId: string) => {
    if (seenDevices.has(deviceId)) return;
    seenDevices.add(deviceId);
    for (const l of deps.annotations.liveOf(deviceId)) {
      if (l.target.type === 'alarm') named.add(`alarm:${l.target.alarmId}`);
      else if (l.target.type === 'anomaly') {
        named.add(`${anomalyKey(l.deviceId, l.signal, l.target.detector, l.target.ts)}/${l.target.kind}`);
      }
    }
  };
  const covered = (deviceId: string, signal: string, ts: number) =>
    deps.annotations.rangesOf(deviceId, signal, ts, ts).length > 0;

  const causes = new Map<number, Anomaly>();
  const items: ReviewItem[] = [];
  for (const x of anomalies) {
    if (x.suppressedBy) continue;
    const alarm = alarmOf(x);
    if (alarm) {
      // The alarm stands for it; the first (newest) anomaly found gives it its detector and score.
      if (!causes.has(alarm.id)) causes.set(alarm.id, x);
      continue;
    }
    noteTargets(x.deviceId);
    if (named.has(`${anomalyKey(x.deviceId, x.signal, x.detector, x.ts)}/${x.kind}`)) continue;
    if (covered(x.deviceId, x.signal, x.ts)) continue;
    items.push(anomalyItem(x));
  }
  for (const a of closed) {
    noteTargets(a.deviceId);
    if (named.has(`alarm:${a.id}`) || covered(a.deviceId, a.signal, a.raisedAt)) continue;
    items.push(alarmItem(a, causes.get(a.id)));
  }
  items.sort((a, b) => b.from - a.from || (a.key < b.key ? -1 : 1));
  return { items: items.slice(0, p.limit), total: items.length };
}
