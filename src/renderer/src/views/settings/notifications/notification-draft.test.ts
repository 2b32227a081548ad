import { describe, expect, it } from 'vitest';
import { NotificationsConfig, type NotificationsConfigView } from '../../../../../shared/contract/notifications';
import {
  describeIssuePath,
  fromDraft,
  parseWindows,
  smtpPasswordNeeded,
  toDraft,
  webhookSecretsNeeded,
  windowsText,
} from './notification-draft';

describe('time windows as text', () => {
  it('reads days, ranges of days and times, one window per line', () => {
    expect(parseWindows('mon-fri 22:00-06:00\nsat,sun\n7:30-16:00\n\nfri-mon')).toEqual({
      windows: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '22:00', to: '06:00' },
        { days: ['sat', 'sun'], from: '00:00', to: '00:00' },
        { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '07:30', to: '16:00' },
        { days: ['fri', 'sat', 'sun', 'mon'], from: '00:00', to: '00:00' },
      ],
      problems: [],
    });
  });

  it('says which line is wrong', () => {
    expect(parseWindows('mon-fri 22:00-06:00\nweekends').problems).toEqual([
      'line 2: "weekends" is not a day (mon … sun) or a range like mon-fri',
    ]);
  });

  it('writes back what it reads', () => {
    const text = 'mon-fri 22:00-06:00\nsat,sun\n07:30-16:00';
    expect(windowsText(parseWindows(text).windows)).toBe(text);
  });
});

/** What the engine sends for a configuration: secrets replaced by whether they are set. */
function toView(c: NotificationsConfig): NotificationsConfigView {
  const { password, ...smtp } = c.smtp!;
  return {
    ...c,
    timeZone: c.timeZone ?? null,
    smtp: { ...smtp, passwordSet: Boolean(password) },
    webhooks: c.webhooks.map(({ bearerToken, hmacSecret, headers, ...w }) => ({
      ...w,
      headerNames: Object.keys(headers),
      bearerTokenSet: Boolean(bearerToken),
      hmacSecretSet: Boolean(hmacSecret),
    })),
  };
}

describe('the form and the engine’s settings', () => {
  const config = NotificationsConfig.parse({
    smtp: { host: 'mail.plant', from: 'wf@plant.example', to: ['a@plant.example'], user: 'wf', password: 'pw' },
    webhooks: [{ id: 'pager', url: 'https://pager.example/hook', hmacSecret: 's3cret', headers: { 'X-Team': 'ops' } }],
    routes: [
      {
        id: 'night',
        priorities: ['critical'],
        areas: ['packing'],
        when: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '22:00', to: '06:00' }],
        channels: ['email', 'webhook:pager'],
      },
    ],
  });

  it('round-trips the settings without their secrets, which the engine then keeps', () => {
    const draft = toDraft(toView(config));
    expect(draft.smtp).toMatchObject({ password: '', passwordSet: true, host: 'mail.plant' });
    const { config: back, problems } = fromDraft(draft);
    expect(problems).toEqual([]);
    const parsed = NotificationsConfig.parse(back);
    expect(parsed.smtp?.password).toBeUndefined(); // omitted: the engine keeps what it has
    expect(parsed.routes).toEqual(config.routes);
    // Header values are write-only: the name comes back, an empty value keeps the stored one.
    expect(draft.webhooks[0]!.headers).toBe('X-Team:');
    expect(parsed.webhooks[0]).toMatchObject({ id: 'pager', headers: { 'X-Team': '' } });
    expect(parsed.webhooks[0]!.hmacSecret).toBeUndefined();
  });

  it('sends "" for a secret the operator clears, and reports numbers that are not numbers', () => {
    const draft = toDraft(toView(config));
    draft.webhooks[0]!.clearHmacSecret = true;
    draft.routes[0]!.burst = 'ten';
    const { config: back, problems } = fromDraft(draft);
    expect(back.webhooks![0]!.hmacSecret).toBe('');
    expect(problems).toEqual(['route "night" burst: "ten" is not a number']);
  });

  it('says why a stored secret must be entered again once its server changes', () => {
    const draft = toDraft(toView(config));
    expect(smtpPasswordNeeded(draft.smtp)).toBeNull();
    expect(webhookSecretsNeeded(draft.webhooks[0]!)).toBeNull();
    draft.smtp.host = 'mail.elsewhere.example';
    expect(smtpPasswordNeeded(draft.smtp)).toBe(
      'the mail server changed (mail.plant:587 → mail.elsewhere.example:587)',
    );
    draft.smtp.password = 'typed again';
    expect(smtpPasswordNeeded(draft.smtp)).toBeNull();
    draft.webhooks[0]!.url = 'https://collector.example/x';
    expect(webhookSecretsNeeded(draft.webhooks[0]!)).toContain('https://pager.example → https://collector.example');
  });

  it('names the route behind an engine validation issue', () => {
    const draft = toDraft(toView(config));
    expect(describeIssuePath('config.routes.0.channels.1', draft)).toBe('route "night" › channels › #2');
    expect(describeIssuePath('config.smtp.from', draft)).toBe('smtp › from');
  });
});
