// The Prometheus scrape source kind on the engine side: its view (password or token hidden), how
// a save keeps the stored secret (same kind of auth, same user, only toward the hosts it was
// saved for, certificates still checked), its checks (templates and patterns that compile, TLS
// files, TLS only where there is an https target), how it is created and how it is tested (one
// scrape of every target, counting the samples found).
import type { SourceTestResult } from '../../../../shared/contract/sources';
import {
  prometheusMove,
  prometheusSourceKind,
  type PrometheusSourceConfig,
  type PrometheusSourceSave,
  type PrometheusSourceView,
} from '../../../../shared/sources/prometheus-schema';
import type { SettingOrigin } from '../../../../shared/sources/source-kind';
import { PrometheusSource, readTls, targetLabels } from '../prometheus/prometheus-source';
import { decodeScrape } from '../prometheus/scrape-decoder';
import { scrape, scrapeAgent } from '../prometheus/scrape-request';
import { compilePattern, compileTemplate, SeriesMapper } from '../prometheus/series-mapping';
import type { EngineSourceKind, Issue, SourceDeps } from './source-kind';
import { TEST_TIMEOUT_MS } from './test-timeout';
import { tlsIssues } from './tls-checks';

export function prometheusView(c: PrometheusSourceConfig, origin: SettingOrigin): PrometheusSourceView {
  const { auth, ...rest } = c;
  const view = auth
    ? auth.type === 'basic'
      ? { type: 'basic' as const, username: auth.username, password: { set: auth.password !== '' } }
      : { type: 'bearer' as const, token: { set: true } }
    : undefined;
  return { ...rest, ...(view ? { auth: view } : {}), origin };
}

export function withPrometheusSecrets(
  save: PrometheusSourceSave,
  stored: PrometheusSourceConfig | undefined,
): { source: unknown; issues: Issue[] } {
  const auth = save.auth;
  if (!auth) return { source: save, issues: [] };
  const given = auth.type === 'basic' ? auth.password !== undefined : auth.token !== undefined;
  if (given) return { source: save, issues: [] };
  const path = auth.type === 'basic' ? 'auth.password' : 'auth.token';
  const what = auth.type === 'basic' ? 'password' : 'token';
  const kept = stored?.auth;
  if (!kept || kept.type !== auth.type) {
    return { source: save, issues: [{ path, message: `enter the ${what}: none is stored for this kind of auth` }] };
  }
  if (kept.type === 'basic' && auth.type === 'basic' && kept.username !== auth.username) {
    const message = `the user name changed (${kept.username} → ${auth.username}): enter its password`;
    return { source: save, issues: [{ path, message }] };
  }
  const move = prometheusMove(stored, save);
  if (move) {
    const message = `the targets changed (${move}), and a stored ${what} is only sent to the hosts it was saved for: enter it again`;
    return { source: save, issues: [{ path, message }] };
  }
  const filled = kept.type === 'basic' ? { ...auth, password: kept.password } : { ...auth, token: kept.token };
  return { source: { ...save, auth: filled }, issues: [] };
}

function prometheusIssues(c: PrometheusSourceConfig): Issue[] {
  const issues: Issue[] = [];
  for (const field of ['device', 'signal'] as const) {
    try {
      compileTemplate(c[field]);
    } catch (err) {
      issues.push({ path: field, message: (err as Error).message });
    }
  }
  const patterns = [
    ...c.metrics.allow.map((p, i) => [`metrics.allow.${i}`, p] as const),
    ...c.metrics.deny.map((p, i) => [`metrics.deny.${i}`, p] as const),
    ...c.rates.map((p, i) => [`rates.${i}`, p] as const),
  ];
  for (const [path, p] of patterns) {
    try {
      compilePattern(p);
    } catch (err) {
      issues.push({ path, message: (err as Error).message });
    }
  }
  if (c.tls) {
    if (!c.targets.some((t) => t.toLowerCase().startsWith('https:'))) {
      issues.push({ path: 'tls', message: 'TLS files are given but no target is an https:// URL' });
    }
    issues.push(...tlsIssues(c.tls, 'tls'));
  }
  return issues;
}

function createPrometheus(c: PrometheusSourceConfig, deps: SourceDeps): PrometheusSource {
  return new PrometheusSource(c, deps.pipeline, { log: deps.log, clock: deps.clock });
}

/** Scrapes every target once, as the source would, and says how many samples each gave. */
async function testPrometheus(c: PrometheusSourceConfig): Promise<SourceTestResult> {
  const t0 = performance.now();
  const tls = readTls(c.tls);
  const timeoutMs = Math.min(c.timeoutMs, TEST_TIMEOUT_MS);
  const results = await Promise.all(
    c.targets.map(async (url) => {
      const agent = scrapeAgent(url, tls);
      try {
        const answer = await scrape(url, { timeoutMs, auth: c.auth, agent });
        const mapper = new SeriesMapper(c, targetLabels(url, c.job ?? c.id));
        const now = Date.now();
        const d = decodeScrape(answer.text, answer.format, mapper, now, { now, maxFutureMs: Infinity, maxAgeMs: null });
        const format = answer.format === 'openmetrics' ? 'OpenMetrics' : 'text 0.0.4';
        const refused = d.refused > 0 ? `, ${d.refused} malformed lines` : '';
        const devices = new Set(d.readings.map((r) => r.deviceId)).size;
        return {
          ok: true,
          text: `${url}: ${d.samples} samples (${format}), ${d.readings.length} readings for ${devices} devices${refused}`,
        };
      } catch (err) {
        return { ok: false, text: `${url}: ${(err as Error).message}` };
      } finally {
        agent.destroy();
      }
    }),
  );
  return {
    ok: results.every((r) => r.ok),
    message: results.map((r) => r.text).join('; '),
    ms: Math.round(performance.now() - t0),
  };
}

export const prometheusKind: EngineSourceKind<PrometheusSourceConfig, PrometheusSourceView, PrometheusSourceSave> = {
  schemas: prometheusSourceKind,
  view: prometheusView,
  withSecrets: withPrometheusSecrets,
  checks: prometheusIssues,
  create: createPrometheus,
  // No overlap on a change: the old source stops before the new one starts, so two scrapes of
  // one target never run at once (a scrape missed meanwhile is simply the next one).
  test: testPrometheus,
};
