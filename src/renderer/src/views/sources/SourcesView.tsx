// Where data comes from: one card per ingest source from the health stream, the embedded broker
// and the simulator. Sources are edited in Settings → Sources (or the configuration file). Dead-letter
// counts per source come from deadLetters.list and follow the health stream's count.
import { DeadLettersLink } from '../../components/DeadLettersLink';
import { formatCount } from '../../components/format';
import { useAppStore } from '../../store/app-store';
import { useDeadLetterList } from '../dead-letters/use-dead-letters';
import { SourceCard } from './SourceCard';
import './sources.css';

export function SourcesView() {
  const health = useAppStore((s) => s.health);
  // Only the counts per source are used: one item is the least the contract allows.
  const { counts } = useDeadLetterList(null, 1);

  if (!health) return <p className="view-empty">Waiting for the engine's health report…</p>;

  const known = new Set(health.sources.map((s) => s.id));
  const others = Object.entries(counts?.bySource ?? {})
    .filter(([id]) => !known.has(id))
    .sort(([a], [b]) => a.localeCompare(b));
  const reportedAt = health.startedAt + health.uptimeMs;
  const { broker, simulator } = health;

  return (
    <section className="sources" aria-labelledby="sources-title" data-testid="sources">
      <h1 id="sources-title" className="view-title">
        Sources
      </h1>
      <p className="view-note" data-testid="sources-note">
        Live health of every source. To add, change or turn off a source, use{' '}
        <a href="#settings/sources" data-testid="sources-settings-link">
          Settings → Sources
        </a>{' '}
        (or the configuration file).
      </p>
      <ul className="source-lines">
        <li data-testid="broker-line" data-running={broker !== null}>
          {broker ? (
            <>
              {broker.embedded ? 'Embedded broker' : 'Broker'} <span className="source-url">{broker.url}</span> ·{' '}
              {formatCount(broker.clients)} {broker.clients === 1 ? 'client' : 'clients'}
            </>
          ) : (
            'No embedded broker.'
          )}
        </li>
        <li data-testid="simulator-line" data-running={simulator.running}>
          Simulator {simulator.running ? 'running' : 'stopped'}
          {simulator.mode &&
            ` (${simulator.mode === 'injection' ? 'anomaly injection' : 'plant with occasional episodes'})`}{' '}
          · {formatCount(simulator.published)} published
        </li>
      </ul>
      {health.sources.length === 0 ? (
        <p className="view-empty">No sources configured.</p>
      ) : (
        <div className="source-grid">
          {health.sources.map((s) => (
            <SourceCard
              key={s.id}
              source={s}
              reportedAt={reportedAt}
              deadLetters={counts ? (counts.bySource[s.id] ?? 0) : undefined}
            />
          ))}
        </div>
      )}
      {others.length > 0 && (
        <p className="source-others" data-testid="source-others">
          Dead letters from other inputs:{' '}
          {others.map(([id, n], i) => (
            <span key={id}>
              {i > 0 && ', '}
              <DeadLettersLink source={id} testId="source-other-dead-letters">
                {id} ({formatCount(n)})
              </DeadLettersLink>
            </span>
          ))}
        </p>
      )}
    </section>
  );
}
