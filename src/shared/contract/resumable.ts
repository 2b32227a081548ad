// Which streams a client can resume after a dropped connection, read from the one place they are
// declared: `resumable: true` beside the stream in its group's module, and `matches` beside it
// when the stream takes parameters that filter its events (the engine logs every event once and
// gives each subscriber those its parameters match, replayed or live).
//
// Decision: a stream is resumable when its events are transitions a client cannot rebuild from
// the next event — alarms.changes, alarms.flood, annotations.changes, devices.deaths,
// notifications.desktop (an annunciation missed is worse than a late one; each carries its time)
// and jobs.progress (a job's end). Streams of current state are not: live.readings and
// engine.health (the next event or a snapshot says it all), assistant.status and
// assistant.reports (re-read when their view opens), auth.changes (one connection's own) and
// assistant.ask (one answer, gone with its call).
import { streams, type StreamName } from './index';

interface ResumableEntry {
  resumable?: boolean;
  matches?: (params: never, event: never) => boolean;
}

const entry = (name: StreamName): ResumableEntry => streams[name] as ResumableEntry;

export function isResumable(name: StreamName): boolean {
  return entry(name).resumable === true;
}

/** Whether a subscription with these (parsed) parameters gets this event. */
export function streamMatches(name: StreamName): (params: unknown, event: unknown) => boolean {
  const matches = entry(name).matches as ((p: unknown, e: unknown) => boolean) | undefined;
  return matches ?? (() => true);
}

/** Every resumable stream, in the contract's order. */
export function resumableStreams(): StreamName[] {
  return (Object.keys(streams) as StreamName[]).filter(isResumable);
}
