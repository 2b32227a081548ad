// The e-mail channel: one SMTP server, through nodemailer — implicit TLS, STARTTLS (required, not
// opportunistic) or plain, with optional authentication; one transport per SMTP configuration,
// opened at the first send. A route may name its own recipients; e-mail to other recipients is
// another destination. Its password is write-only and goes only to the server it was saved for.
import nodemailer from 'nodemailer';
import type { NotificationsConfigView, SmtpConfig } from '../../../../shared/contract/notifications';
import { smtpMove } from '../../../../shared/secret-destination';
import type { PendingDelivery } from '../delivery-log';
import { testMessage, type OutgoingMessage } from '../message';
import type { ChannelKind, NotificationChannel } from './notification-channel';
import { errorText, type SendResult } from './send-result';

type Transport = ReturnType<typeof nodemailer.createTransport>;

export class EmailChannel implements NotificationChannel {
  readonly ref = 'email';
  private transport: Transport | undefined;

  constructor(private readonly smtp: SmtpConfig) {}

  private open(): Transport {
    const s = this.smtp;
    this.transport ??= nodemailer.createTransport({
      host: s.host,
      port: s.port,
      secure: s.security === 'tls',
      requireTLS: s.security === 'starttls',
      ignoreTLS: s.security === 'none',
      auth: s.user ? { user: s.user, pass: s.password ?? '' } : undefined,
      tls: { rejectUnauthorized: s.rejectUnauthorized },
      connectionTimeout: s.timeoutMs,
      greetingTimeout: s.timeoutMs,
      socketTimeout: s.timeoutMs,
    });
    return this.transport;
  }

  recipients(msg: OutgoingMessage): string[] {
    return msg.emailTo && msg.emailTo.length > 0 ? msg.emailTo : this.smtp.to;
  }

  async send(d: PendingDelivery): Promise<SendResult> {
    const msg = d.message;
    const to = this.recipients(msg);
    if (to.length === 0) return { ok: false, detail: 'no recipients', permanent: true };
    try {
      const info = await this.open().sendMail({
        from: this.smtp.from,
        to,
        subject: msg.subject,
        text: msg.text,
        headers: msg.priority === 'critical' ? { 'X-Priority': '1' } : undefined,
      });
      const rejected = (info.rejected ?? []).map(String);
      if (rejected.length > 0 && rejected.length === to.length) {
        return { ok: false, detail: `every recipient rejected: ${info.response}`, permanent: true };
      }
      const note = rejected.length > 0 ? ` (rejected: ${rejected.join(', ')})` : '';
      return { ok: true, detail: `${info.response}${note}`, target: to.join(', ') };
    } catch (err) {
      const code = (err as { responseCode?: number; code?: string }).responseCode;
      const kind = (err as { code?: string }).code;
      // 5xx is the server's final word; wrong credentials stay wrong until someone changes them.
      const permanent = (code !== undefined && code >= 500) || kind === 'EAUTH' || kind === 'EENVELOPE';
      return { ok: false, detail: errorText(err), permanent };
    }
  }

  test(at: number, options: { emailTo?: string[] }): OutgoingMessage {
    return testMessage(this.ref, at, options.emailTo);
  }

  describe(msg: OutgoingMessage): string {
    return this.recipients(msg).join(', ');
  }

  close(): void {
    this.transport?.close();
    this.transport = undefined;
  }
}

export const emailChannelKind: ChannelKind = {
  kind: 'email',
  channels: (config) => (config.smtp ? [new EmailChannel(config.smtp)] : []),
  missing: () => ({
    code: 'INVALID_STATE',
    test: 'no SMTP server is configured',
    send: 'no SMTP server is configured',
  }),
  destination: (ref, route) => `${ref}:${[...route.emailTo].sort().join(',')}`,
  view: (config) => {
    let smtp: NotificationsConfigView['smtp'] = null;
    if (config.smtp) {
      const { password, ...rest } = config.smtp;
      smtp = { ...rest, passwordSet: Boolean(password) };
    }
    return { smtp };
  },
  withSecrets: (next, current, keep) => {
    if (!next.smtp) return { smtp: undefined };
    const was = current.smtp;
    const move = was && smtpMove(was, next.smtp);
    const moved = move && `${move}, and a stored password is only sent where it was saved for`;
    return { smtp: { ...next.smtp, password: keep(next.smtp.password, was?.password, moved, 'config.smtp.password') } };
  },
};
