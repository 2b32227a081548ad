// The cloud-monitor source kind on the engine side: its view (client secret, AWS secret key and
// session token hidden), how a save keeps them (same cloud, account and hosts only: cloudMove),
// its checks (a window that overlaps the interval, the preset's aggregation names and periods,
// Azure resource ids), how it is created (the preset's client polled by a CloudSource) and
// tested (a token and one poll of a short window, saying what came back).
import type { SourceTestResult } from '../../../../shared/contract/sources';
import {
  cloudMove,
  cloudSourceKind,
  type CloudSourceConfig,
  type CloudSourceSave,
  type CloudSourceView,
} from '../../../../shared/sources/cloud-schema';
import type { SettingOrigin } from '../../../../shared/sources/source-kind';
import { metricClient } from '../cloud/cloud-client';
import { CloudSource } from '../cloud/cloud-source';
import type { EngineSourceKind, Issue, SourceDeps } from './source-kind';
import { TEST_TIMEOUT_MS, within } from './test-timeout';

export function cloudView(c: CloudSourceConfig, origin: SettingOrigin): CloudSourceView {
  const { azure, cloudwatch, ...rest } = c;
  const view: CloudSourceView = { ...rest, origin };
  if (azure) {
    const { clientSecret, ...a } = azure;
    view.azure = { ...a, clientSecret: { set: clientSecret !== '' } };
  }
  if (cloudwatch) {
    const { secretAccessKey, sessionToken, ...w } = cloudwatch;
    view.cloudwatch = { ...w, secretAccessKey: { set: secretAccessKey !== '' }, sessionToken: { set: !!sessionToken } };
  }
  return view;
}

export function withCloudSecrets(
  save: CloudSourceSave,
  stored: CloudSourceConfig | undefined,
): { source: unknown; issues: Issue[] } {
  const issues: Issue[] = [];
  const move = stored && cloudMove(stored, save);
  const again = (path: string, what: string) =>
    issues.push({
      path,
      message: `${move}, and a stored ${what} is only sent where it was saved for: enter it again`,
    });
  const source: Record<string, unknown> = { ...save };
  if (save.azure) {
    const azure = { ...save.azure };
    if (azure.clientSecret === undefined) {
      const kept = stored?.azure?.clientSecret;
      if (!kept) issues.push({ path: 'azure.clientSecret', message: 'enter the client secret' });
      else if (move) again('azure.clientSecret', 'client secret');
      else azure.clientSecret = kept;
    }
    source.azure = azure;
  }
  if (save.cloudwatch) {
    const { clearSessionToken, ...cw } = save.cloudwatch;
    const kept = stored?.cloudwatch;
    if (cw.secretAccessKey === undefined) {
      if (!kept?.secretAccessKey) issues.push({ path: 'cloudwatch.secretAccessKey', message: 'enter the secret key' });
      else if (move) again('cloudwatch.secretAccessKey', 'secret key');
      else cw.secretAccessKey = kept.secretAccessKey;
    }
    if (clearSessionToken) delete cw.sessionToken;
    else if (cw.sessionToken === undefined && kept?.sessionToken) {
      if (move) again('cloudwatch.sessionToken', 'session token');
      else cw.sessionToken = kept.sessionToken;
    }
    source.cloudwatch = cw;
  }
  return { source, issues };
}

const AZURE_AGGREGATIONS = ['average', 'total', 'minimum', 'maximum', 'count'];
/** CloudWatch statistics: the five named ones and percentiles / trimmed statistics (p99, tm90, …). */
const CLOUDWATCH_STAT =
  /^(Average|Sum|Minimum|Maximum|SampleCount|IQM|(p|tm|wm|tc|ts)\d{1,2}(\.\d+)?|(PR|TM|WM|TC|TS)\(.+\))$/;

export function cloudIssues(c: CloudSourceConfig): Issue[] {
  const issues: Issue[] = [];
  if (c.lookbackMs <= c.intervalMs) {
    issues.push({
      path: 'lookbackMs',
      message: 'must be longer than the interval, or points between two polls are missed',
    });
  }
  if (c.lookbackMs < c.periodSeconds * 1000) {
    issues.push({ path: 'lookbackMs', message: 'must cover at least one period' });
  }
  c.series.forEach((s, i) => {
    if (c.preset === 'azure-monitor') {
      if (!s.resource.startsWith('/')) {
        issues.push({ path: `series.${i}.resource`, message: 'an Azure resource id starts with /subscriptions/…' });
      }
      if (!AZURE_AGGREGATIONS.includes(s.statistic.toLowerCase())) {
        issues.push({ path: `series.${i}.statistic`, message: `Azure aggregations: ${AZURE_AGGREGATIONS.join(', ')}` });
      }
    } else {
      if (!CLOUDWATCH_STAT.test(s.statistic)) {
        issues.push({
          path: `series.${i}.statistic`,
          message: 'a CloudWatch statistic: Average, Sum, Minimum, Maximum, SampleCount, p99…',
        });
      }
      if (Object.keys(s.dimensions).length > 30) {
        issues.push({ path: `series.${i}.dimensions`, message: 'CloudWatch takes at most 30 dimensions' });
      }
    }
  });
  if (c.preset === 'cloudwatch' && ![1, 5, 10, 30].includes(c.periodSeconds) && c.periodSeconds % 60 !== 0) {
    issues.push({ path: 'periodSeconds', message: 'CloudWatch periods are 1, 5, 10, 30 s or a multiple of 60 s' });
  }
  return issues;
}

function createCloud(c: CloudSourceConfig, deps: SourceDeps): CloudSource {
  return new CloudSource(c, deps.pipeline, {
    log: deps.log,
    clock: deps.clock,
    client: (signal) => metricClient(c, deps.clock, signal),
  });
}

const time = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;

async function testCloud(c: CloudSourceConfig): Promise<SourceTestResult> {
  const t0 = performance.now();
  const client = metricClient({ ...c, timeoutMs: Math.min(c.timeoutMs, TEST_TIMEOUT_MS) }, Date.now);
  const end = Date.now();
  try {
    const answer = await within(client.poll({ start: end - c.lookbackMs, end }), 2 * TEST_TIMEOUT_MS, client.url);
    const ms = Math.round(performance.now() - t0);
    const series = new Set(answer.points.map((p) => `${p.series}\0${p.signal}`)).size;
    const latest = answer.points.reduce((m, p) => Math.max(m, p.ts), -Infinity);
    const what =
      answer.points.length === 0
        ? 'no points in the window'
        : `${answer.points.length} points in ${series} series, latest ${time(latest)}`;
    const notes = answer.notes.length > 0 ? `; incomplete: ${answer.notes.join('; ')}` : '';
    const who = c.preset === 'azure-monitor' ? 'token from Entra ID; ' : '';
    const requests = `${answer.requests} request${answer.requests === 1 ? '' : 's'}`;
    return { ok: true, message: `${who}${requests} to ${client.url}: ${what}${notes}`, ms };
  } catch (err) {
    return { ok: false, message: (err as Error).message, ms: Math.round(performance.now() - t0) };
  }
}

export const cloudKind: EngineSourceKind<CloudSourceConfig, CloudSourceView, CloudSourceSave> = {
  schemas: cloudSourceKind,
  view: cloudView,
  withSecrets: withCloudSecrets,
  checks: cloudIssues,
  create: createCloud,
  test: testCloud,
};
