import { describe, expect, it } from 'vitest';
import { PrometheusSourceConfig, PrometheusSourceSave } from '../../../../shared/sources/prometheus-schema';
import { prometheusView, withPrometheusSecrets } from './prometheus-kind';

const stored = PrometheusSourceConfig.parse({
  id: 'p',
  targets: ['https://historian.plant:9100/metrics'],
  auth: { type: 'basic', username: 'wf', password: 'stored-secret' },
});
const save = (patch: object) => PrometheusSourceSave.parse({ ...stored, ...patch });

describe('the Prometheus source secrets', () => {
  it('never shows the password or token, only whether one is set', () => {
    const view = prometheusView(stored, 'file');
    expect(view.auth).toEqual({ type: 'basic', username: 'wf', password: { set: true } });
    expect(JSON.stringify(view)).not.toContain('stored-secret');
    const bearer = PrometheusSourceConfig.parse({
      id: 'b',
      targets: ['http://x:1/'],
      auth: { type: 'bearer', token: 'tok-123' },
    });
    expect(JSON.stringify(prometheusView(bearer, 'settings'))).not.toContain('tok-123');
  });

  it('keeps the stored password for the same hosts, another path or interval included', () => {
    const next = save({
      auth: { type: 'basic', username: 'wf' },
      targets: ['https://HISTORIAN.plant:9100/other'],
      intervalMs: 20000,
    });
    const { source, issues } = withPrometheusSecrets(next, stored);
    expect(issues).toEqual([]);
    expect(source).toMatchObject({ auth: { password: 'stored-secret' }, intervalMs: 20000 });
  });

  it('refuses to send it to a new host, over plain http, without certificate checks, or for another user', () => {
    const cases = [
      save({
        auth: { type: 'basic', username: 'wf' },
        targets: ['https://historian.plant:9100/metrics', 'https://evil.example:9100/metrics'],
      }),
      save({ auth: { type: 'basic', username: 'wf' }, targets: ['http://historian.plant:9100/metrics'] }),
      save({ auth: { type: 'basic', username: 'wf' }, tls: { rejectUnauthorized: false } }),
      save({ auth: { type: 'basic', username: 'root' } }),
    ];
    const messages = cases.map((c) => withPrometheusSecrets(c, stored).issues);
    for (const issues of messages) expect(issues).toEqual([expect.objectContaining({ path: 'auth.password' })]);
    expect(messages[0]![0]!.message).toMatch(/new hosts \(https:\/\/evil\.example:9100\)/);
    expect(messages[2]![0]!.message).toMatch(/certificates are no longer checked/);
    expect(messages[3]![0]!.message).toMatch(/user name changed \(wf → root\)/);
  });

  it('needs a token typed when the auth changes from basic to bearer', () => {
    const { issues } = withPrometheusSecrets(save({ auth: { type: 'bearer' } }), stored);
    expect(issues).toEqual([{ path: 'auth.token', message: expect.stringMatching(/enter the token/) }]);
  });

  it('refuses credentials in a target URL and a timeout longer than the interval', () => {
    expect(PrometheusSourceConfig.safeParse({ targets: ['http://u:p@x:1/'] }).error?.issues[0]?.message).toMatch(
      /auth, not the URL/,
    );
    const long = PrometheusSourceConfig.safeParse({ targets: ['http://x:1/'], intervalMs: 2000, timeoutMs: 3000 });
    expect(long.error?.issues[0]).toMatchObject({
      path: ['timeoutMs'],
      message: 'must not be longer than the interval',
    });
  });
});
