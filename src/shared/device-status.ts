// A device's status — or one signal's — as the operator reads it everywhere (Wall tile, Device
// header, a signal's history): derived here and nowhere else, so a tile's word, border and alarm
// bar cannot disagree. Pure: alarms, staleness and the time in, an answer out; the table in
// device-status.test.ts pins the precedence below over every combination.
//
// Precedence, worst first (the first that applies is the status; the others count in `others`):
//   1. an active alarm (unacknowledged or acknowledged): the highest priority, and within one
//      priority the unacknowledged — the process is abnormal now, whatever else is true. A
//      device that is also offline says so after it ("… · offline": the value is frozen).
//   2. offline / stale (no fresh reading): a returned, shelved or predicted state is judged on a
//      value that no longer comes in, so "offline" is the truth that matters.
//   3. returned to normal but unacknowledged (highest priority first): an operator still owes
//      it an acknowledgement — never "normal" while the queue holds it. An active low outranks
//      a returned critical: the tile tells what the process does now; the bar keeps the count.
//   4. shelved, then 5. suppressed / out of service: hidden from annunciation by a person or
//      by design, but not normal; the tile says which.
//   6. a prediction (the trend predictor's `trend` alarms, active): "predicted to cross hi in
//      ~5 min" — shown as a prediction, never as an alarm, and below every real alarm state.
//      A prediction that no longer holds (returned) is dropped: nothing is predicted any more.
//   7. normal.
// Colour is never the only signal: every answer has a word, a sentence and a shape key (drawn as
// an SVG icon: StatusShapeIcon in renderer/src/components/icons.tsx).
import { URGENCY, type Alarm, type Priority } from './domain';

export type StatusLevel = 'alarm' | 'offline' | 'returned' | 'shelved' | 'suppressed' | 'predicted' | 'normal';
export type StatusShape = Priority | 'offline' | 'returned' | 'shelved' | 'suppressed' | 'predicted' | 'normal';

export interface StatusInput {
  /** The alarms of the device (or signal) in any state; closed (`normal`) ones are ignored. */
  alarms: readonly Alarm[];
  /** Newest reading of any of its signals when it is offline (0: never reported); null when live. */
  offlineSince: number | null;
  now: number;
}

export interface DeviceStatus {
  level: StatusLevel;
  priority: Priority | null;
  /** One word for the tile's corner: "HIGH", "RETURNED", "OFFLINE", "PREDICTED", "NORMAL". */
  word: string;
  /** The status in a sentence: "HIGH — unacknowledged", "offline — last value 3 min ago". */
  text: string;
  shape: StatusShape;
  /** The alarm shown (its signal and kind name the cause), if any. */
  alarm: Alarm | null;
  /** Awaits an operator's acknowledgement (blinks). */
  unack: boolean;
  /** Other open alarms of the device not shown (predictions excluded). */
  others: number;
}

/** Rank of an alarm state within the precedence (lower is worse); predictions rank apart. */
const RANK: Partial<Record<Alarm['state'], number>> = {
  unack_active: 0,
  ack_active: 0,
  unack_rtn: 2,
  shelved: 3,
  suppressed: 4,
  out_of_service: 4,
};
const LEVEL: StatusLevel[] = ['alarm', 'offline', 'returned', 'shelved', 'suppressed'];
const STATE_WORDS: Partial<Record<Alarm['state'], string>> = {
  unack_active: 'unacknowledged',
  ack_active: 'acknowledged',
  unack_rtn: 'returned, unacknowledged',
  shelved: 'shelved',
  suppressed: 'suppressed',
  out_of_service: 'out of service',
};

const isPrediction = (a: Alarm) => a.kind === 'trend';
const isActive = (a: Alarm) => a.state === 'unack_active' || a.state === 'ack_active';

/** Worse first: state rank, then priority, then unacknowledged, then the newest. */
function worse(a: Alarm, b: Alarm): boolean {
  return (
    (RANK[a.state]! - RANK[b.state]! ||
      URGENCY[b.priority] - URGENCY[a.priority] ||
      Number(b.state === 'unack_active') - Number(a.state === 'unack_active') ||
      b.lastAt - a.lastAt) < 0
  );
}

/** "3 min", "45 s", "2 h": how long ago or ahead, rounded for a glance. */
export function roughly(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
}

/**
 * When the predictor expects the limit to be crossed. The alarm record does not carry the
 * forecast, only the message detection wrote ("… heading for hi 85 in ~300 s (at <ISO>)").
 */
function crossingAt(a: Alarm): number {
  return Date.parse(/\(at ([^)]+)\)/.exec(a.message ?? '')?.[1] ?? '');
}

export function deviceStatus({ alarms, offlineSince, now }: StatusInput): DeviceStatus {
  let worst: Alarm | null = null;
  let prediction: Alarm | null = null;
  let open = 0;
  for (const a of alarms) {
    if (isPrediction(a)) {
      if (isActive(a) && (!prediction || a.lastAt > prediction.lastAt)) prediction = a;
    } else if (RANK[a.state] !== undefined) {
      open++;
      if (!worst || worse(a, worst)) worst = a;
    }
  }
  const offline = offlineSince !== null;
  const stale = offline
    ? `offline — ${offlineSince ? `last value ${roughly(now - offlineSince)} ago` : 'never reported'}`
    : '';
  const rank = worst ? RANK[worst.state]! : 9;
  const others = Math.max(0, open - 1);

  if (worst && (rank === 0 || !offline)) {
    const level = LEVEL[rank]!;
    const p = worst.priority.toUpperCase();
    return {
      level,
      priority: worst.priority,
      word: rank === 0 ? p : level === 'suppressed' ? STATE_WORDS[worst.state]!.toUpperCase() : level.toUpperCase(),
      text: `${p} — ${STATE_WORDS[worst.state]}${rank === 0 && offline ? ` · ${stale}` : ''}`,
      shape: rank === 0 ? worst.priority : (level as StatusShape),
      alarm: worst,
      unack: worst.state === 'unack_active' || worst.state === 'unack_rtn',
      others,
    };
  }
  const base = { priority: null, alarm: null, unack: false };
  if (offline) return { ...base, level: 'offline', word: 'OFFLINE', text: stale, shape: 'offline', others: open };
  if (prediction) {
    const dir = prediction.limit !== null && prediction.value > prediction.limit ? 'lo' : 'hi';
    const at = crossingAt(prediction);
    // Past the expected crossing without crossing: due now, not "in ~0 s".
    const when = at === at ? (at > now ? ` in ~${roughly(at - now)}` : ' now') : '';
    return {
      ...base,
      level: 'predicted',
      word: 'PREDICTED',
      text: `predicted to cross ${dir}${prediction.limit === null ? '' : ` ${prediction.limit}`}${when}`,
      shape: 'predicted',
      alarm: prediction,
      others: 0,
    };
  }
  return { ...base, level: 'normal', word: 'NORMAL', text: 'normal', shape: 'normal', others: 0 };
}
