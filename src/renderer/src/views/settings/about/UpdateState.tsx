// What the updater is doing, in an operator's words (about-format.ts): the state as a heading with
// colour only when something needs attention (ISA-101), the download's progress bar and size, a
// refused release's or an unreachable feed's reason, the last and next check, and the release on
// offer with its notes.
import type { StationStatus } from '../../../../../shared/contract/station';
import { formatSize, formatWhen, PROBLEM_HEADING, progressPercent, progressText, stateWords } from './about-format';
import { ReleaseNotes } from './ReleaseNotes';

function Progress({ progress }: { progress: NonNullable<StationStatus['progress']> }) {
  const percent = progressPercent(progress);
  return (
    <div className="about-progress" data-testid="about-progress">
      <div
        className="about-bar"
        role="progressbar"
        aria-label="Download"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <span className="about-muted">
        {percent} % · {progressText(progress)}
      </span>
    </div>
  );
}

export function Release({ release }: { release: NonNullable<StationStatus['available']> }) {
  const date = release.releaseDate ? new Date(release.releaseDate) : null;
  return (
    <div className="about-section about-release" data-testid="about-release">
      <h3>
        Version <span data-testid="about-release-version">{release.version}</span>
      </h3>
      <p className="about-muted">
        {date && !Number.isNaN(date.getTime()) ? `Released ${date.toISOString().slice(0, 10)} · ` : ''}
        {formatSize(release.size)}
        {release.source === 'bundle' ? ' · from an offline bundle' : ''}
        {release.stagingPercentage !== null ? ` · rolled out to ${release.stagingPercentage} % of stations` : ''}
      </p>
      {release.releaseNotes?.trim() ? (
        <ReleaseNotes notes={release.releaseNotes} />
      ) : (
        <p className="about-muted">No release notes.</p>
      )}
    </div>
  );
}

export function UpdateState({ status, now }: { status: StationStatus; now: number }) {
  const words = stateWords(status, now);
  // A refusal is the state itself when nothing else is pending; beside a release still waiting (a
  // tampered bundle after a verified download) it is said under the state, which stays.
  const problem = status.problem;
  const problemIsState = status.state === 'refused' || status.state === 'error';
  return (
    <div className={`about-state about-tone-${words.tone}`} data-testid="about-state" data-state={status.state}>
      <h3 data-testid="about-state-title" role={words.tone === 'problem' ? 'alert' : undefined}>
        {words.title}
      </h3>
      {problem && problemIsState && (
        <p className="about-problem" data-testid="about-problem" data-kind={problem.kind}>
          {problem.message}
        </p>
      )}
      {words.detail && <p className="about-muted">{words.detail}</p>}
      {problem && !problemIsState && (
        <div className="about-also" role="alert" data-testid="about-also-problem" data-kind={problem.kind}>
          <strong>{PROBLEM_HEADING[problem.kind]}</strong>
          <p className="about-problem">{problem.message}</p>
          {problem.kind === 'unreachable' && status.nextCheck !== null && (
            <p className="about-muted">Next try at {formatWhen(status.nextCheck, now)}.</p>
          )}
        </div>
      )}
      {status.state === 'downloading' && status.progress && <Progress progress={status.progress} />}
      <dl className="about-checks">
        <dt>Last check</dt>
        <dd data-testid="about-last-check">{formatWhen(status.lastCheck, now)}</dd>
        <dt>Next check</dt>
        <dd data-testid="about-next-check">
          {status.nextCheck !== null
            ? formatWhen(status.nextCheck, now)
            : status.autoCheck
              ? '—'
              : 'automatic checks off'}
        </dd>
      </dl>
    </div>
  );
}
