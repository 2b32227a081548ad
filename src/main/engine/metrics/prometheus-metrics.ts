// The engine's own metrics in the Prometheus text format (metrics.prometheus, served as GET
// /metrics): what a site's monitoring watches Watchfloor by. Everything is read from counters the
// services already keep (kept cheap on the hot path: plain increments, no allocation per reading)
// or counted at scrape time from memory; only dead letters are counted in state.db (one GROUP BY
// over a table bounded by ingest.deadLetters). Nothing here is per device: a fleet of thousands
// stays a few hundred lines. The list, with what each figure means, is in docs/administration.md
// (Monitoring Watchfloor).
import { AlarmState, Priority } from '../../../shared/domain';
import type { EngineServices } from '../engine-services';
import { deviceCounts } from '../metrics';
import { Exposition, type Sample } from './exposition';
import type { RuntimeGauges } from './runtime-gauges';

export type PrometheusServices = Pick<
  EngineServices,
  'clock' | 'version' | 'health' | 'pipeline' | 'history' | 'deadLetters' | 'alarms' | 'notifier' | 'live' | 'registry'
> & { runtime: RuntimeGauges };

const ENGINE_STATUSES = ['starting', 'ok', 'degraded', 'stopping'] as const;
const OPEN_STATES = AlarmState.options.filter((s) => s !== 'normal');

export function prometheusText(s: PrometheusServices): string {
  const now = s.clock();
  const health = s.health();
  const out = new Exposition();

  out
    .gauge('watchfloor_build_info', 'The running build: version and Node.js runtime (always 1).', [
      { labels: { version: s.version, node: process.versions.node, platform: process.platform }, value: 1 },
    ])
    .gauge(
      'watchfloor_engine_status',
      'The engine status: 1 for the current one (degraded: a problem a user should act on, see /api/status).',
      ENGINE_STATUSES.map((status) => ({ labels: { status }, value: health.status === status ? 1 : 0 })),
    )
    .gauge('watchfloor_engine_problems', 'Problems that make the engine degraded.', health.problems.length)
    .gauge('watchfloor_uptime_seconds', 'Seconds since the engine started.', health.uptimeMs / 1000)
    .gauge('watchfloor_start_time_seconds', 'When the engine started, Unix seconds.', health.startedAt / 1000);

  // Sources: the running ones and the transport-served kinds (health), then anything else that
  // submitted readings (file imports, re-queued dead letters).
  const kindOf = new Map(health.sources.map((src) => [src.id, src.kind as string]));
  const perSource = [...s.pipeline.allCounters()];
  for (const [name] of perSource) if (!kindOf.has(name)) kindOf.set(name, name === 'file' ? 'file' : 'other');
  const bySource = (value: (name: string) => number): Sample[] =>
    [...kindOf].map(([source, kind]) => ({ labels: { source, kind }, value: value(source) }));
  const counters = s.pipeline.allCounters();
  const healthOf = new Map(health.sources.map((src) => [src.id, src]));
  out
    .counter(
      'watchfloor_source_messages_total',
      'Messages (payloads, batches, file parts) a source handed to the pipeline.',
      bySource((n) => counters.get(n)?.messages ?? 0),
    )
    .counter(
      'watchfloor_source_readings_received_total',
      'Readings of a source accepted by the pipeline (queued for history).',
      bySource((n) => counters.get(n)?.readings ?? 0),
    )
    .counter(
      'watchfloor_source_readings_stored_total',
      'Readings of a source made durable in history (duplicates of stored readings included).',
      bySource((n) => counters.get(n)?.stored ?? 0),
    )
    .counter(
      'watchfloor_source_readings_rejected_total',
      'Parts of messages of a source refused (each goes to dead letters).',
      bySource((n) => counters.get(n)?.rejected ?? 0),
    )
    .gauge(
      'watchfloor_source_connected',
      'Whether a source is connected to its broker or listening (1) or not (0).',
      bySource((n) => (healthOf.get(n)?.connected ? 1 : 0)),
    )
    .gauge(
      'watchfloor_source_pending_messages',
      'Messages a source received that are not durable yet (not acknowledged to the broker).',
      bySource((n) => healthOf.get(n)?.pending ?? 0),
    )
    .gauge(
      'watchfloor_source_lag_seconds',
      "Age of a source's oldest message not yet durable.",
      bySource((n) => (healthOf.get(n)?.lagMs ?? 0) / 1000),
    );

  out
    .counter('watchfloor_readings_received_total', 'Readings accepted by the pipeline.', s.pipeline.received)
    .counter('watchfloor_readings_stored_total', 'Readings written to history.', s.history.stored)
    .counter(
      'watchfloor_readings_duplicate_total',
      'Readings skipped because the same series and time was already stored.',
      s.history.duplicates,
    )
    .gauge('watchfloor_pipeline_queue_depth', 'Readings queued for the next write to history.', s.pipeline.queued)
    .gauge('watchfloor_pipeline_in_flight', 'Readings being written to history now.', s.pipeline.meter.inFlight)
    .gauge(
      'watchfloor_pipeline_lag_seconds',
      'How long the oldest accepted reading not yet durable has waited (0 when none waits).',
      s.pipeline.meter.lagMs(now) / 1000,
    )
    .histogram('watchfloor_history_write_seconds', 'Time to write one batch of readings to history.', [
      { histogram: s.pipeline.meter.writeLatency },
    ])
    .gauge(
      'watchfloor_history_writable',
      'Whether history takes writes (0 after a storage fault such as a full disk).',
      s.history.writable ? 1 : 0,
    )
    .gauge('watchfloor_history_size_bytes', 'Size of the history database files.', s.history.sizeBytes());

  const deadBySource = s.deadLetters.countsBySource();
  out
    .gauge(
      'watchfloor_dead_letters',
      'Dead letters kept now, by the source that refused them.',
      Object.entries(deadBySource).map(([source, value]) => ({ labels: { source }, value })),
    )
    .counter(
      'watchfloor_dead_letters_dropped_total',
      "Dead letters removed by the table's size and age limits (ingest.deadLetters), since the data directory was made.",
      s.deadLetters.dropped.count,
    );

  const alarmCounts = new Map<string, number>();
  for (const a of s.alarms.openAlarms()) {
    const key = `${a.priority} ${a.state}`;
    alarmCounts.set(key, (alarmCounts.get(key) ?? 0) + 1);
  }
  const alarmSamples: Sample[] = [];
  for (const priority of Priority.options)
    for (const state of OPEN_STATES)
      alarmSamples.push({ labels: { priority, state }, value: alarmCounts.get(`${priority} ${state}`) ?? 0 });
  out.gauge(
    'watchfloor_alarms_active',
    'Open alarms (every state but normal), by priority and ISA-18.2 state.',
    alarmSamples,
  );

  const outcomes = [...s.notifier.outcomes];
  const byChannel = (pick: (o: { sent: number; failed: number; failedAttempts: number }) => number): Sample[] =>
    outcomes.map(([channel, o]) => ({ labels: { channel }, value: pick(o) }));
  out
    .counter(
      'watchfloor_notifications_sent_total',
      'Notifications delivered, by channel.',
      byChannel((o) => o.sent),
    )
    .counter(
      'watchfloor_notifications_failed_total',
      'Notifications given up on (a permanent failure, or out of attempts), by channel.',
      byChannel((o) => o.failed),
    )
    .counter(
      'watchfloor_notification_attempts_failed_total',
      'Failed delivery attempts, retried or not, by channel.',
      byChannel((o) => o.failedAttempts),
    )
    .gauge('watchfloor_notifications_pending', 'Notifications waiting to be sent.', s.notifier.pendingDeliveries);

  const devices = deviceCounts(s, now);
  out.gauge('watchfloor_devices', 'Devices by state (stale devices are online too).', [
    { labels: { state: 'online' }, value: devices.online },
    { labels: { state: 'offline' }, value: devices.offline },
    { labels: { state: 'stale' }, value: devices.stale },
    { labels: { state: 'unconfigured' }, value: devices.unconfigured },
  ]);

  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  out
    .gauge('watchfloor_process_resident_memory_bytes', 'Resident memory of the engine process.', mem.rss)
    .gauge('watchfloor_process_heap_used_bytes', 'V8 heap in use.', mem.heapUsed)
    .gauge('watchfloor_process_heap_total_bytes', 'V8 heap reserved.', mem.heapTotal)
    .gauge(
      'watchfloor_process_external_memory_bytes',
      'Memory of C++ objects bound to JavaScript (buffers).',
      mem.external,
    )
    .counter('watchfloor_process_cpu_seconds_total', 'CPU time of the engine process, by mode.', [
      { labels: { mode: 'user' }, value: cpu.user / 1e6 },
      { labels: { mode: 'system' }, value: cpu.system / 1e6 },
    ]);
  const delay = s.runtime.loopDelay();
  if (delay) {
    out
      .summary(
        'watchfloor_event_loop_delay_seconds',
        'Event-loop delay: quantiles over the last 30 s window; sum and count of samples since start.',
        [
          {
            quantiles: [
              [0.5, delay.p50],
              [0.9, delay.p90],
              [0.99, delay.p99],
            ],
            sum: delay.sum,
            count: delay.count,
          },
        ],
      )
      .gauge(
        'watchfloor_event_loop_delay_max_seconds',
        'Longest event-loop delay over the same 30 s window.',
        delay.max,
      );
  }
  return out.text();
}
