// The cloud kind's Settings side: secrets never in the view, kept on a save that leaves them out
// only toward the same cloud, account and hosts, and the checks the schema cannot make; and
// "Test connection" against the loopback stand-in, saying what came back or why it failed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudSourceConfig, CloudSourceSave } from '../../../../shared/sources/cloud-schema';
import { startCloudStandin, type CloudStandin } from '../../../../../test/support/cloud-monitor-standin';
import { cloudIssues, cloudKind, cloudView, withCloudSecrets } from './cloud-kind';

const VM = '/subscriptions/0000/resourceGroups/plant/providers/Microsoft.Compute/virtualMachines/historian';
const azure = (over: Record<string, unknown> = {}) =>
  CloudSourceConfig.parse({
    id: 'az',
    preset: 'azure-monitor',
    azure: { tenantId: 't', clientId: 'c', clientSecret: 'S3CRET', ...over },
    series: [{ device: 'historian', signal: 'cpu', resource: VM, metric: 'Percentage CPU' }],
  });
const cw = (over: Record<string, unknown> = {}) =>
  CloudSourceConfig.parse({
    id: 'aws',
    preset: 'cloudwatch',
    cloudwatch: { accessKeyId: 'AKID', secretAccessKey: 'KEY', sessionToken: 'TOKEN', ...over },
    series: [{ device: 'gw', signal: 'cpu', resource: 'AWS/EC2', metric: 'CPUUtilization' }],
  });
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON copy edited freely, then parsed
type Loose = Record<string, any>;
const saveOf = (c: CloudSourceConfig, patch: (s: Loose) => void) => {
  const s = JSON.parse(JSON.stringify(c)) as Loose;
  if (s.azure) delete s.azure.clientSecret;
  if (s.cloudwatch) {
    delete s.cloudwatch.secretAccessKey;
    delete s.cloudwatch.sessionToken;
  }
  patch(s);
  return CloudSourceSave.parse(s);
};

describe('cloud kind: secrets', () => {
  it('shows whether secrets are set, never their values', () => {
    const text = JSON.stringify([cloudView(azure(), 'file'), cloudView(cw(), 'settings')]);
    expect(text).not.toMatch(/S3CRET|"KEY"|TOKEN"/);
    expect(cloudView(cw(), 'file').cloudwatch).toMatchObject({
      secretAccessKey: { set: true },
      sessionToken: { set: true },
    });
  });

  it('keeps stored secrets on an edit of the same account and hosts', () => {
    const { source, issues } = withCloudSecrets(
      saveOf(cw(), (s) => (s.intervalMs = 120_000)),
      cw(),
    );
    expect(issues).toEqual([]);
    expect(source).toMatchObject({
      intervalMs: 120_000,
      cloudwatch: { secretAccessKey: 'KEY', sessionToken: 'TOKEN' },
    });
  });

  it('refuses to move a stored secret to another endpoint, tenant or key, at the secret’s field', () => {
    const moved = withCloudSecrets(
      saveOf(azure(), (s) => (s.azure.loginUrl = 'https://login.example.net')),
      azure(),
    );
    expect(moved.issues).toEqual([
      {
        path: 'azure.clientSecret',
        message: expect.stringMatching(/^another login endpoint \(https:\/\/login\.example\.net\)/),
      },
    ]);
    expect(
      withCloudSecrets(
        saveOf(azure(), (s) => (s.azure.tenantId = 'other')),
        azure(),
      ).issues[0]?.path,
    ).toBe('azure.clientSecret');
    const key = withCloudSecrets(
      saveOf(cw(), (s) => (s.cloudwatch.accessKeyId = 'AKID2')),
      cw(),
    );
    expect(key.issues.map((i) => i.path)).toEqual(['cloudwatch.secretAccessKey', 'cloudwatch.sessionToken']);
    const http = withCloudSecrets(
      saveOf(cw(), (s) => (s.cloudwatch.endpoint = 'http://monitoring.us-east-1.amazonaws.com/')),
      cw(),
    );
    expect(http.issues[0]?.message).toMatch(/another endpoint \(http:\/\/monitoring/);
  });

  it('drops the session token when asked and asks for a secret a new source lacks', () => {
    const cleared = withCloudSecrets(
      saveOf(cw(), (s) => (s.cloudwatch.clearSessionToken = true)),
      cw(),
    );
    expect((cleared.source as { cloudwatch: object }).cloudwatch).not.toHaveProperty('sessionToken');
    const fresh = withCloudSecrets(
      saveOf(azure(), () => {}),
      undefined,
    );
    expect(fresh.issues).toEqual([{ path: 'azure.clientSecret', message: 'enter the client secret' }]);
  });
});

describe('cloud kind: checks', () => {
  it('refuses a window that does not overlap the interval, and names a wrong aggregation or resource', () => {
    const c = azure();
    c.lookbackMs = c.intervalMs;
    c.series[0]!.statistic = 'p99';
    c.series[0]!.resource = 'subscriptions/0000';
    expect(cloudIssues(c).map((i) => i.path)).toEqual(['lookbackMs', 'series.0.resource', 'series.0.statistic']);
    const w = cw();
    w.periodSeconds = 45;
    expect(cloudIssues(w)).toEqual([{ path: 'periodSeconds', message: expect.stringMatching(/1, 5, 10, 30 s/) }]);
  });

  it('needs the chosen preset’s settings', () => {
    const r = CloudSourceConfig.safeParse({
      id: 'x',
      preset: 'cloudwatch',
      series: [{ device: 'd', signal: 's', resource: 'AWS/EC2', metric: 'm' }],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({
      path: ['cloudwatch'],
      message: 'the CloudWatch preset needs its settings',
    });
  });
});

describe('cloud kind: Test connection', () => {
  let standin: CloudStandin;
  beforeAll(async () => {
    standin = await startCloudStandin();
    const now = Date.now();
    const points = Array.from({ length: 5 }, (_, i): [number, number] => [
      Math.floor(now / 60_000) * 60_000 - (i + 1) * 60_000,
      i,
    ]);
    standin.azure.resources.set(VM, [{ name: 'Percentage CPU', unit: 'Percent', timeseries: [{ dims: {}, points }] }]);
  });
  afterAll(() => standin.close());

  const config = (secret: string) =>
    azure({
      tenantId: standin.azure.tenant,
      clientId: standin.azure.clientId,
      clientSecret: secret,
      loginUrl: standin.url,
      managementUrl: standin.url,
    });

  it('authenticates, polls once and says what came back', async () => {
    const r = await cloudKind.test(config(standin.azure.clientSecret), { embeddedBrokerUrl: null });
    expect(r.ok).toBe(true);
    expect(r.message).toMatch(
      /^token from Entra ID; 2 requests to http:\/\/127\.0\.0\.1:\d+\/…\/providers\/microsoft\.insights\/metrics: 5 points in 1 series, latest \d\d:\d\d:00 UTC$/,
    );
  });

  it('says the secret was refused', async () => {
    const r = await cloudKind.test(config('wrong'), { embeddedBrokerUrl: null });
    expect(r).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Entra ID token: credentials refused \(HTTP 401\): AADSTS7000215/),
    });
  });
});
