// Notification secrets are write-only and stay with the server they were saved for: an empty
// field keeps a stored password, token, HMAC secret or header value only while the channel still
// points at the same server; otherwise the save is refused at the field, saying why.
import { describe, expect, it } from 'vitest';
import { NotificationsConfig } from '../../../shared/contract/notifications';
import { EngineError } from '../../../shared/errors';
import { mergeSecrets, toView } from './notification-settings';

const current = NotificationsConfig.parse({
  smtp: {
    host: 'mail.plant',
    port: 587,
    user: 'wf',
    password: 'smtp-pass-1',
    from: 'wf@plant.example',
    to: ['a@plant.example'],
  },
  webhooks: [
    {
      id: 'pager',
      url: 'https://pager.plant/hook',
      hmacSecret: 'hmac-secret-2',
      bearerToken: 'bearer-3',
      headers: { 'X-Api-Key': 'header-secret-4', 'X-Team': 'ops' },
    },
  ],
  routes: [{ id: 'r', channels: ['email', 'webhook:pager'] }],
});

/** What the UI sends back after loading the view: every secret left empty. */
function resent(patch: { smtp?: object; url?: string } = {}): NotificationsConfig {
  return NotificationsConfig.parse({
    ...current,
    smtp: { ...current.smtp, password: undefined, ...patch.smtp },
    webhooks: [
      {
        ...current.webhooks[0],
        url: patch.url ?? current.webhooks[0]!.url,
        hmacSecret: undefined,
        bearerToken: undefined,
        headers: { 'X-Api-Key': '', 'X-Team': '' },
      },
    ],
  });
}

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EngineError);
    return ((err as EngineError).details as { issues: { path: string; message: string }[] }).issues;
  }
  throw new Error('expected a refusal');
}

describe('notification secrets', () => {
  it('shows header names but never their values', () => {
    const view = toView(current);
    expect(view.webhooks[0]).toMatchObject({ headerNames: ['X-Api-Key', 'X-Team'], hmacSecretSet: true });
    const text = JSON.stringify(view);
    for (const secret of ['smtp-pass-1', 'hmac-secret-2', 'bearer-3', 'header-secret-4', '"ops"']) {
      expect(text).not.toContain(secret);
    }
  });

  it('keeps every stored secret when the servers stay the same', () => {
    const merged = mergeSecrets(resent({ smtp: { host: 'MAIL.plant' } }), current);
    expect(merged.smtp?.password).toBe('smtp-pass-1');
    expect(merged.webhooks[0]).toMatchObject({
      hmacSecret: 'hmac-secret-2',
      bearerToken: 'bearer-3',
      headers: { 'X-Api-Key': 'header-secret-4', 'X-Team': 'ops' },
    });
  });

  it('refuses to send the SMTP password to another server or over a weaker connection', () => {
    for (const smtp of [
      { host: 'mail.attacker.example' },
      { port: 2525 },
      { security: 'none' },
      { rejectUnauthorized: false },
    ]) {
      const issues = issuesOf(() => mergeSecrets(resent({ smtp }), current));
      expect(issues.map((i) => i.path)).toEqual(['config.smtp.password']);
      expect(issues[0]!.message).toMatch(/enter it again, or clear it/);
    }
    // Typing the password again (or clearing it) is fine.
    const typed = mergeSecrets(resent({ smtp: { host: 'mail.new', password: 'new-pass' } }), current);
    expect(typed.smtp?.password).toBe('new-pass');
    expect(mergeSecrets(resent({ smtp: { host: 'mail.new', password: '' } }), current).smtp?.password).toBeUndefined();
  });

  it('refuses to send a webhook’s token, HMAC secret or header values to another address', () => {
    const issues = issuesOf(() => mergeSecrets(resent({ url: 'https://collector.attacker.example/x' }), current));
    expect(issues.map((i) => i.path).sort()).toEqual([
      'config.webhooks.0.bearerToken',
      'config.webhooks.0.headers.X-Api-Key',
      'config.webhooks.0.headers.X-Team',
      'config.webhooks.0.hmacSecret',
    ]);
    expect(issues[0]!.message).toContain(
      "the webhook's address changed (https://pager.plant → https://collector.attacker.example)",
    );
  });
});
