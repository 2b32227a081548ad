// One ingest source as the engine last reported it: what and where it is, whether it is
// connected (and the last error when it is not), how fast data arrives, how much is not yet
// durable and how far behind that is, and how many of its payloads were refused, linking to
// them. Connection state is written in words as well as colour.
import type { SourceHealth } from '../../../../shared/domain';
import { SINGLE_SOURCE_KINDS, SOURCE_KINDS } from '../../../../shared/sources/source-kinds';
import { DeadLettersLink } from '../../components/DeadLettersLink';
import { formatCount, formatDuration, formatLocalTime } from '../../components/format';
import { formatRate } from '../../components/rate-format';
import { SourceTargets } from './SourceTargets';

/** The registered kinds' labels: MQTT, Kafka, …, and the single-instance HTTP (ingest). */
const KIND_LABEL = Object.fromEntries(
  [...SOURCE_KINDS, ...SINGLE_SOURCE_KINDS].map((k) => [k.kind, k.label]),
) as Record<SourceHealth['kind'], string>;

interface SourceCardProps {
  source: SourceHealth;
  /** Dead letters from this source; undefined until counted. */
  deadLetters: number | undefined;
  /** The engine's clock when it sent the report, to age the last message without clock skew. */
  reportedAt: number;
}

export function SourceCard({ source, deadLetters, reportedAt }: SourceCardProps) {
  const last = source.lastMessageAt;
  return (
    <article
      className="source-card"
      data-testid="source-card"
      data-source-id={source.id}
      data-connected={String(source.connected)}
      aria-labelledby={`source-${source.id}`}
    >
      <header className="source-head">
        <h2 className="source-id" id={`source-${source.id}`}>
          {source.id}
        </h2>
        <span className="source-kind" data-testid="source-kind">
          {KIND_LABEL[source.kind]}
        </span>
        <span className="source-state" data-testid="source-state">
          <span className="dot" aria-hidden="true" />
          {source.connected ? 'Connected' : 'Disconnected'}
        </span>
      </header>
      <div className="source-url" data-testid="source-url">
        {source.url}
      </div>
      {source.error && (
        <p className="source-error" data-testid="source-error">
          Last error: {source.error}
        </p>
      )}
      {source.targets && source.targets.length > 0 && <SourceTargets targets={source.targets} />}
      <dl className="source-figures">
        <div>
          <dt>Messages</dt>
          <dd data-testid="source-messages">{formatCount(source.messages)}</dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd data-testid="source-rate">{formatRate(source.ratePerSecond)}</dd>
        </div>
        <div>
          <dt title="Received but not yet durable, so not yet acknowledged to the source">Pending</dt>
          <dd data-testid="source-pending">{formatCount(source.pending)}</dd>
        </div>
        <div>
          <dt title="Age of the oldest pending message">Lag</dt>
          <dd data-testid="source-lag">{formatDuration(source.lagMs)}</dd>
        </div>
        <div>
          <dt>Last message</dt>
          <dd data-testid="source-last-message">
            {last === null ? (
              'never'
            ) : (
              <time dateTime={new Date(last).toISOString()}>
                {formatLocalTime(last)}{' '}
                <span className="source-age">({formatDuration(Math.max(0, reportedAt - last))} ago)</span>
              </time>
            )}
          </dd>
        </div>
        <div>
          <dt>Dead letters</dt>
          <dd>
            <DeadLettersLink
              source={source.id}
              className="source-dl-link"
              testId="source-dead-letters"
              warn={(deadLetters ?? 0) > 0}
              label={`${deadLetters ?? 'Unknown number of'} dead letters from ${source.id}: show them`}
            >
              {deadLetters === undefined ? '—' : formatCount(deadLetters)}
            </DeadLettersLink>
          </dd>
        </div>
      </dl>
    </article>
  );
}
