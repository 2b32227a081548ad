// A Prometheus scrape source: each target scraped on its own clock, one scrape at a time — the
// next is scheduled only once the last is stored, so scrapes of a target never overlap, and a
// slow or dead target delays no other. A scrape that times out, is refused or answers non-2xx
// marks its target down (health says why) and is simply tried again at the next interval. What
// a scrape gives is one submission to the pipeline (origin: the target's URL); its malformed
// lines are that submission's dead letters, with their line numbers.
import { readFileSync } from 'node:fs';
import type http from 'node:http';
import type { SourceHealth, SourceTarget } from '../../../../shared/domain';
import type { PrometheusSourceConfig } from '../../../../shared/sources/prometheus-schema';
import { RateMeter } from '../../rate-meter';
import type { DecodeResult } from '../decode-json';
import type { IngestSource } from '../ingest-source';
import type { Pipeline } from '../pipeline';
import type { ExpositionFormat } from './exposition-parser';
import { decodeScrape } from './scrape-decoder';
import { scrape, scrapeAgent, type ScrapeTls } from './scrape-request';
import { SeriesMapper, type TargetLabels } from './series-mapping';

export type ScrapePort = Pick<Pipeline, 'accept' | 'decodeOptions'>;

export interface PrometheusSourceDeps {
  log: (message: string) => void;
  clock: () => number;
}

/** Prometheus's instance label: host and port of the target (the scheme's port when the URL has none). */
export function targetLabels(url: string, job: string): TargetLabels {
  const u = new URL(url);
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  return { instance: `${u.hostname}:${port}`, job };
}

export function readTls(tls: PrometheusSourceConfig['tls']): ScrapeTls | undefined {
  if (!tls) return undefined;
  return {
    ca: tls.ca ? readFileSync(tls.ca) : undefined,
    cert: tls.cert ? readFileSync(tls.cert) : undefined,
    key: tls.key ? readFileSync(tls.key) : undefined,
    rejectUnauthorized: tls.rejectUnauthorized,
  };
}

class Target {
  readonly mapper: SeriesMapper;
  readonly agent: http.Agent;
  state: SourceTarget;
  format: ExpositionFormat = 'prometheus';
  timer: ReturnType<typeof setTimeout> | undefined;
  running: Promise<void> | undefined;

  constructor(
    readonly url: string,
    config: PrometheusSourceConfig,
    tls: ScrapeTls | undefined,
  ) {
    this.mapper = new SeriesMapper(config, targetLabels(url, config.job ?? config.id));
    this.agent = scrapeAgent(url, tls);
    this.state = {
      url,
      up: false,
      lastScrapeAt: null,
      durationMs: null,
      samples: 0,
      skipped: 0,
      scrapes: 0,
      error: null,
    };
  }
}

export class PrometheusSource implements IngestSource {
  private targets: Target[] = [];
  private stopping = false;
  private readonly abort = new AbortController();
  private scrapes = 0;
  private readings = 0;
  private lastMessageAt: number | null = null;
  private readonly rate = new RateMeter();

  constructor(
    private readonly config: PrometheusSourceConfig,
    private readonly pipeline: ScrapePort,
    private readonly deps: PrometheusSourceDeps,
  ) {}

  get id(): string {
    return this.config.id;
  }

  async start(): Promise<void> {
    const tls = readTls(this.config.tls);
    this.targets = this.config.targets.map((url) => new Target(url, this.config, tls));
    for (const t of this.targets) this.schedule(t, 0);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.abort.abort();
    for (const t of this.targets) clearTimeout(t.timer);
    // A scrape being stored finishes storing; one still waiting for its target is abandoned.
    await Promise.all(this.targets.map((t) => t.running));
    for (const t of this.targets) t.agent.destroy();
  }

  health(): SourceHealth {
    const now = this.deps.clock();
    this.rate.sample(now, this.readings);
    const down = this.targets.find((t) => !t.state.up);
    return {
      id: this.config.id,
      kind: 'prometheus',
      url: this.config.targets.join(', '),
      connected: this.targets.length > 0 && down === undefined,
      messages: this.scrapes,
      ratePerSecond: Math.round(this.rate.perSecond() * 10) / 10,
      pending: 0,
      lagMs: 0,
      lastMessageAt: this.lastMessageAt,
      error: down ? `${down.url}: ${down.state.error ?? 'not scraped yet'}` : null,
      targets: this.targets.map((t) => ({ ...t.state })),
    };
  }

  /** A dead letter's lines parsed again, named as its target names them (origin: the target's URL). */
  decode(origin: string, payload: Uint8Array): DecodeResult {
    const target = this.targets.find((t) => t.url === origin);
    const mapper = new SeriesMapper(
      { ...this.config, rates: [] },
      targetLabels(target?.url ?? origin, this.config.job ?? this.config.id),
    );
    const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
    const { readings, rejects } = decodeScrape(
      text,
      target?.format ?? 'prometheus',
      mapper,
      this.deps.clock(),
      this.pipeline.decodeOptions(),
      { whole: false },
    );
    return { readings, rejects };
  }

  private schedule(t: Target, delayMs: number): void {
    if (this.stopping) return;
    t.timer = setTimeout(() => {
      t.running = this.scrapeOnce(t).finally(() => (t.running = undefined));
    }, delayMs);
  }

  private async scrapeOnce(t: Target): Promise<void> {
    const started = this.deps.clock();
    const t0 = performance.now();
    const { config } = this;
    try {
      const answer = await scrape(t.url, {
        timeoutMs: config.timeoutMs,
        auth: config.auth,
        agent: t.agent,
        signal: this.abort.signal,
      });
      t.format = answer.format;
      const decoded = decodeScrape(answer.text, answer.format, t.mapper, started, this.pipeline.decodeOptions(), {
        sampleLimit: config.sampleLimit,
      });
      await this.pipeline.accept(config.id, t.url, decoded);
      this.readings += decoded.readings.length;
      this.lastMessageAt = this.deps.clock();
      const refused = decoded.refused > 0 ? `${decoded.refused} lines refused (see dead letters)` : null;
      t.state = {
        ...t.state,
        up: true,
        samples: decoded.samples,
        skipped: decoded.skipped,
        error: refused,
      };
    } catch (err) {
      if (this.stopping) return;
      const message = (err as Error).message;
      if (t.state.up || t.state.error !== message) this.deps.log(`${config.id}: scrape of ${t.url} failed: ${message}`);
      t.state = { ...t.state, up: false, samples: 0, skipped: 0, error: message };
    } finally {
      this.scrapes++;
      t.state.scrapes++;
      t.state.lastScrapeAt = started;
      t.state.durationMs = Math.round((performance.now() - t0) * 10) / 10;
      const next = started + config.intervalMs - this.deps.clock();
      this.schedule(t, Math.max(0, next));
    }
  }
}
