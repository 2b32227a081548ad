// The built-in simulator: publishes the configured fleet over MQTT exactly as field devices
// would. In its default mode the plant runs quietly with an occasional episode (episodes.ts: a
// spike, an excursion, a stuck value, a dropout), a handful of alarms an hour; "injection" is
// the specification's anomaly injection, each reading pushed past a limit with probability
// `anomalyRate` (5 %: demonstrations and load). It counts what the broker accepted, so tests
// and the health view can compare it with what was stored.
import mqtt, { type MqttClient } from 'mqtt';
import type { Device, Signal } from '../../../shared/domain';
import { EpisodePlanner, type EpisodeLabel } from './episodes';
import { createRandom } from './random';

export type SimulatorMode = 'episodes' | 'injection';

export interface SimulatorOptions {
  url: string;
  topicPrefix: string;
  mode: SimulatorMode;
  /** injection: the share of readings pushed past a limit. */
  anomalyRate: number;
  /** episodes: limit-crossing episodes per hour across the plant. */
  alarmEpisodesPerHour: number;
  /** episodes: episodes that cross no limit (stuck, dropout) per hour across the plant. */
  quietEpisodesPerHour: number;
  seed?: number;
  log: (message: string) => void;
  clock: () => number;
  /** Tests: the clock runs this many times faster than real time, and readings come as often in its time. */
  timeScale?: number;
}

interface Channel {
  device: Device;
  signal: Signal;
  value: number;
  timer: ReturnType<typeof setInterval> | undefined;
}

/**
 * One step of a signal's normal running: a mean-reverting walk inside its normal band, with a
 * slow wave so sparklines move. It never leaves the band, so it never crosses a limit.
 */
export function walk(signal: Signal, value: number, now: number, random: () => number): number {
  const [lo, hi] = signal.normal ?? [0, 100];
  const span = hi - lo;
  const mid = lo + span / 2 + (span / 6) * Math.sin(now / 60_000);
  const next = value + (mid - value) * 0.1 + (random() - 0.5) * span * 0.05;
  return Math.min(hi, Math.max(lo, next));
}

/** The anomaly injection's value: beyond one of the signal's alarm limits. */
export function injected(signal: Signal, span: number, random: () => number): number {
  const { hi, hiHi, lo, loLo } = signal.limits;
  const upper = hi ?? hiHi;
  const lower = lo ?? loLo;
  const goHigh = upper !== undefined && (lower === undefined || random() < 0.5);
  const excess = span * (0.05 + 0.1 * random());
  if (goHigh) return upper! + excess;
  if (lower !== undefined) return lower - excess;
  return (signal.normal?.[1] ?? 100) + excess;
}

export class Simulator {
  private client: MqttClient | undefined;
  private readonly channels: Channel[] = [];
  private readonly published = new Map<string, number>();
  private readonly random: () => number;
  private episodes: EpisodePlanner | undefined;
  private running = false;

  constructor(
    private readonly devices: readonly Device[],
    private readonly options: SimulatorOptions,
  ) {
    this.random = createRandom(options.seed ?? Date.now());
  }

  get isRunning(): boolean {
    return this.running;
  }

  get mode(): SimulatorMode {
    return this.options.mode;
  }

  /** The episodes so far (mode "episodes"), with what each did: the ground truth alarms are scored against. */
  episodeLabels(): EpisodeLabel[] {
    return this.episodes?.labels() ?? [];
  }

  /** Readings the broker accepted, per device. */
  publishedByDevice(): Map<string, number> {
    return new Map(this.published);
  }

  get publishedTotal(): number {
    let n = 0;
    for (const v of this.published.values()) n += v;
    return n;
  }

  async start(): Promise<void> {
    const client = mqtt.connect(this.options.url, {
      clientId: `watchfloor-simulator-${Math.random().toString(16).slice(2, 10)}`,
      reconnectPeriod: 1000,
    });
    this.client = client;
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    this.running = true;
    if (this.options.mode === 'episodes') {
      const { alarmEpisodesPerHour: alarmingPerHour, quietEpisodesPerHour: quietPerHour } = this.options;
      this.episodes = new EpisodePlanner(
        this.devices,
        { alarmingPerHour, quietPerHour },
        this.random,
        this.options.clock(),
      );
    }
    const scale = this.options.timeScale ?? 1;
    for (const device of this.devices) {
      for (const signal of device.signals) {
        const [lo, hi] = signal.normal ?? [0, 100];
        const channel: Channel = {
          device,
          signal,
          value: lo + (hi - lo) * (0.4 + 0.2 * this.random()),
          timer: undefined,
        };
        channel.timer = setInterval(() => this.tick(channel), Math.max(1, signal.intervalMs / scale));
        this.channels.push(channel);
        this.tick(channel);
      }
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const c of this.channels) clearInterval(c.timer);
    this.channels.length = 0;
    const client = this.client;
    this.client = undefined;
    if (client) await client.endAsync();
  }

  /** Publishes one chosen value now (tests, demonstrations). Resolves once the broker has it. */
  inject(deviceId: string, signal: string, value: number, ts = this.options.clock()): Promise<void> {
    return this.publish(deviceId, signal, value, ts);
  }

  private tick(c: Channel): void {
    const now = this.options.clock();
    const [lo, hi] = c.signal.normal ?? [0, 100];
    const span = hi - lo;
    c.value = walk(c.signal, c.value, now, this.random);
    let value: number | undefined = c.value;
    if (this.episodes) value = this.episodes.shape(c.device, c.signal, value, now);
    else if (this.random() < this.options.anomalyRate) value = injected(c.signal, span, this.random);
    if (value === undefined) return; // dropped out
    void this.publish(c.device.id, c.signal.key, Math.round(value * 100) / 100, now).catch(() => {});
  }

  private publish(deviceId: string, signal: string, value: number, ts: number): Promise<void> {
    const client = this.client;
    if (!client) return Promise.reject(new Error('simulator is not running'));
    const payload = JSON.stringify({
      deviceId,
      timestamp: new Date(ts).toISOString(),
      sensorType: signal,
      value,
      unit: this.devices.find((d) => d.id === deviceId)?.signals.find((s) => s.key === signal)?.unit ?? '',
      status: 'ok',
    });
    return new Promise((resolve, reject) => {
      client.publish(`${this.options.topicPrefix}/${deviceId}/telemetry`, payload, { qos: 1 }, (err) => {
        if (err) {
          reject(err);
          return;
        }
        this.published.set(deviceId, (this.published.get(deviceId) ?? 0) + 1);
        resolve();
      });
    });
  }
}
