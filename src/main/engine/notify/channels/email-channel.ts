// E-mail over SMTP with nodemailer: implicit TLS, STARTTLS (required, not opportunistic) or
// plain, with optional authentication. One transport per SMTP configuration.
import nodemailer from 'nodemailer';
import type { SmtpConfig } from '../../../../shared/contract/notifications';
import type { OutgoingMessage } from '../message';
import { errorText, type SendResult } from './send-result';

type Transport = ReturnType<typeof nodemailer.createTransport>;

export class EmailChannel {
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

  async send(msg: OutgoingMessage): Promise<SendResult> {
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

  close(): void {
    this.transport?.close();
    this.transport = undefined;
  }
}
