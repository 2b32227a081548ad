// Real peers for notification tests: an SMTP server (smtp-server, STARTTLS with its built-in
// localhost certificate, authentication required) and an HTTP endpoint whose answers a test
// scripts, both bound to 127.0.0.1.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  secure: boolean;
  raw: string;
}

export async function startSmtpPeer(credentials = { user: 'watchfloor', pass: 'mail-secret-123' }) {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    // Authentication is only offered after STARTTLS: a client that skipped TLS could not log in.
    allowInsecureAuth: false,
    onAuth(auth, _session, cb) {
      if (auth.username === credentials.user && auth.password === credentials.pass) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          secure: session.secure,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
    logger: false,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, credentials, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export interface HookRequest {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Answers each POST with the next status in `script` (the last one repeats). */
export async function startHookPeer(script: number[]) {
  const requests: HookRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ at: Date.now(), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = script[Math.min(requests.length - 1, script.length - 1)]!;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 400 ? 'try later' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    requests,
    script,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
