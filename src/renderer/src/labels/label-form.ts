// The label form's rules, apart from React: which verdict a key gives, what a form sends to
// create or update a label, what changed when a save meets CONFLICT, and what an error says.
// One form serves the chart popover and the alarm details (and can serve any other chart).
import type { Annotation, AnnotationTarget, Verdict } from '../../../shared/contract/annotations';
import { VERDICT_KEYS, VERDICT_TITLES } from '../../../shared/contract/annotations';
import { badRequestIssues } from '../../../shared/bad-request';
import { isPageOutdated } from '../../../shared/contract/result-resolver';
import { EngineError } from '../../../shared/errors';
import { formatLocalTime } from '../components/format';

export const VERDICTS = Object.keys(VERDICT_TITLES) as Verdict[];

/** What is being labelled: a dragged range, an anomaly or an alarm, on a signal of a device. */
export interface LabelSubject {
  deviceId: string;
  /** The chart's signal; a label for the whole device is "*". */
  signal: string;
  from: number;
  to: number;
  target: AnnotationTarget;
}

export interface LabelDraft {
  verdict: Verdict | null;
  cause: string | null;
  text: string;
  wholeDevice: boolean;
}

export const emptyDraft = (subject?: LabelSubject): LabelDraft => ({
  verdict: null,
  cause: null,
  text: '',
  wholeDevice: subject?.signal === '*',
});

export const draftOf = (a: Annotation): LabelDraft => ({
  verdict: a.verdict,
  cause: a.cause,
  text: a.text,
  wholeDevice: a.signal === '*',
});

/** The verdict a key gives (1–6), or null. */
export function verdictForKey(key: string): Verdict | null {
  return VERDICTS.find((v) => VERDICT_KEYS[v] === key) ?? null;
}

/** Parameters of annotations.create for a draft on a subject (the verdict must be chosen). */
export function createParams(subject: LabelSubject, draft: LabelDraft & { verdict: Verdict }) {
  return {
    deviceId: subject.deviceId,
    signal: draft.wholeDevice ? '*' : subject.signal,
    from: Math.round(Math.min(subject.from, subject.to)),
    to: Math.round(Math.max(subject.from, subject.to)),
    verdict: draft.verdict,
    cause: draft.cause,
    text: draft.text.trim(),
    target: subject.target,
  };
}

/**
 * Parameters of annotations.update: only what the draft changes against `base` (the label as
 * the form loaded it), at `revision`. `signal` is the chart's own when "whole device" is off.
 */
export function updateParams(base: Annotation, draft: LabelDraft, chartSignal: string, revision = base.revision) {
  const signal = draft.wholeDevice ? '*' : base.signal === '*' ? chartSignal : base.signal;
  return {
    id: base.id,
    revision,
    ...(signal !== base.signal ? { signal } : {}),
    ...(draft.verdict && draft.verdict !== base.verdict ? { verdict: draft.verdict } : {}),
    ...(draft.cause !== base.cause ? { cause: draft.cause } : {}),
    ...(draft.text.trim() !== base.text ? { text: draft.text.trim() } : {}),
  };
}

/** Lines saying what someone else changed on a label since `mine` was loaded. */
export function changesSince(mine: Annotation, theirs: Annotation): string[] {
  const lines: string[] = [];
  const who = `${theirs.updatedBy} at ${formatLocalTime(theirs.updatedAt)}`;
  if (theirs.deleted !== mine.deleted) lines.push(theirs.deleted ? `deleted by ${who}` : `restored by ${who}`);
  if (theirs.verdict !== mine.verdict) {
    lines.push(`verdict ${VERDICT_TITLES[mine.verdict]} → ${VERDICT_TITLES[theirs.verdict]}`);
  }
  if (theirs.cause !== mine.cause) lines.push(`cause ${mine.cause ?? '–'} → ${theirs.cause ?? '–'}`);
  if (theirs.text !== mine.text) lines.push(`text now “${theirs.text || '–'}”`);
  if (theirs.signal !== mine.signal) lines.push(`now on ${theirs.signal === '*' ? 'the whole device' : theirs.signal}`);
  if (theirs.from !== mine.from || theirs.to !== mine.to) lines.push('range moved');
  if (lines.length === 0) lines.push(`changed by ${who}`);
  else lines[0] = `${lines[0]} (by ${who})`;
  return lines;
}

/**
 * A key the form keeps from the page's own shortcuts (the header's view digits, a list's j/k):
 * any character key, typed in a field or not. Tab, arrows, Enter and Escape are not characters.
 */
export function keptInForm(key: string): boolean {
  return [...key].length === 1;
}

/** What the form says when a call fails; nothing typed is dropped, whatever it was. */
export function labelErrorText(err: unknown): string {
  if (!(err instanceof EngineError)) return 'The label could not be saved. Try again.';
  // The header offers the reload; the engine is fine.
  if (isPageOutdated(err)) return 'This page is out of date: reload it to work with labels.';
  switch (err.code) {
    case 'BAD_REQUEST': {
      const issues = badRequestIssues(err);
      return issues.length > 0
        ? `Not accepted: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`
        : `Not accepted: ${err.message}`;
    }
    case 'CONFLICT':
      return 'Someone changed this label meanwhile.';
    case 'NOT_FOUND':
      return 'This label no longer exists on the engine.';
    case 'UNAVAILABLE':
    case 'TIMEOUT':
      return 'Not connected to the engine, or labels are not available on it. Nothing was lost: try again.';
    default:
      return `The engine could not save the label: ${err.message}`;
  }
}
