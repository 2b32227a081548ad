// Debian's mosquitto as an external broker for integration tests, on a free loopback port.
// Unlimited queues: with the defaults, QoS 1 drops messages under load.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { waitFor } from './wait';

export interface Mosquitto {
  url: string;
  port: number;
  /** The broker's process id (for its CPU time). */
  pid: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export interface MosquittoOptions {
  /** Serve TLS with these PEM files (the URL becomes mqtts://). */
  tls?: { ca: string; cert: string; key: string };
  /** Require these credentials. */
  user?: { username: string; password: string };
}

export async function startMosquitto(
  dir: string,
  options: MosquittoOptions = {},
  binary = '/usr/sbin/mosquitto',
): Promise<Mosquitto> {
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  const auth: string[] = ['allow_anonymous true'];
  if (options.user) {
    const file = join(dir, 'passwd');
    execFileSync('mosquitto_passwd', ['-b', '-c', file, options.user.username, options.user.password]);
    auth.splice(0, 1, 'allow_anonymous false', `password_file ${file}`);
  }
  const tls = options.tls
    ? [`cafile ${options.tls.ca}`, `certfile ${options.tls.cert}`, `keyfile ${options.tls.key}`]
    : [];
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      // Started as root (CI), mosquitto would drop to its own user and lose our temp files.
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      ...tls,
      ...auth,
      'persistence false',
      'max_queued_messages 0',
      'max_inflight_messages 0',
      'log_dest stderr',
      'log_type error',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(binary, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (err) => {
    stderr += String(err);
  });
  try {
    await waitFor(
      () => (child.exitCode !== null ? Promise.reject(new Error(`mosquitto exited: ${stderr}`)) : accepts(port)),
      {
        timeoutMs: 10_000,
        what: `mosquitto on ${port}`,
      },
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`could not start ${binary} (apt-get install mosquitto): ${(err as Error).message} ${stderr}`, {
      cause: err,
    });
  }
  return {
    url: `${options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A throwaway CA and a server certificate for 127.0.0.1, made with openssl. */
export function makeTestCertificates(dir: string): { ca: string; cert: string; key: string } {
  const ca = join(dir, 'ca.pem');
  const caKey = join(dir, 'ca.key');
  const key = join(dir, 'server.key');
  const csr = join(dir, 'server.csr');
  const cert = join(dir, 'server.pem');
  const ext = join(dir, 'san.ext');
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  run([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=Watchfloor test CA',
    '-keyout',
    caKey,
    '-out',
    ca,
  ]);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', csr]);
  writeFileSync(ext, 'subjectAltName = IP:127.0.0.1\n');
  run([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    ext,
    '-out',
    cert,
  ]);
  return { ca, cert, key };
}
