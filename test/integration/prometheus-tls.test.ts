// A Prometheus target behind HTTPS with a client certificate and a bearer token (certificates
// made by Debian's openssl): the source's TLS files and auth reach it; without the CA, the client
// certificate or the right token, the scrape fails with the reason.
import { createServer, type Server } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusKind } from '../../src/main/engine/ingest/kinds/prometheus-kind';
import { PrometheusSourceConfig, type PrometheusSourceInput } from '../../src/shared/sources/prometheus-schema';
import { makeSelfSigned, type TestCertificate } from '../support/self-signed';
import { makeTempDir } from '../support/temp-dir';

describe('a Prometheus target over HTTPS', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let server: Server;
  let serverCert: TestCertificate;
  let clientCert: TestCertificate;
  let url = '';

  beforeAll(async () => {
    dir = makeTempDir();
    serverCert = makeSelfSigned(dir.path, 'exporter', 'exporter.test');
    clientCert = makeSelfSigned(dir.path, 'watchfloor', 'watchfloor.test');
    server = createServer(
      { cert: serverCert.cert, key: serverCert.key, ca: clientCert.cert, requestCert: true, rejectUnauthorized: true },
      (req, res) => {
        if (req.headers.authorization !== 'Bearer plant-token') return void res.writeHead(401, 'Unauthorized').end();
        res
          .writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' })
          .end('# TYPE secure_up gauge\nsecure_up 1\n');
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as { port: number }).port}/metrics`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    dir?.remove();
  });

  const test = (patch: Partial<PrometheusSourceInput>) =>
    prometheusKind.test(
      PrometheusSourceConfig.parse({
        id: 'secure',
        targets: [url],
        auth: { type: 'bearer', token: 'plant-token' },
        tls: { ca: serverCert.certFile, cert: clientCert.certFile, key: clientCert.keyFile },
        ...patch,
      }),
      { embeddedBrokerUrl: null },
    );

  it('scrapes with the CA, the client certificate and the token', async () => {
    const result = await test({});
    expect(result).toMatchObject({ ok: true, message: expect.stringContaining('1 samples (text 0.0.4), 1 readings') });
  });

  it('fails without the CA that signed the exporter, without a client certificate, or with the wrong token', async () => {
    const noCa = await test({ tls: { cert: clientCert.certFile, key: clientCert.keyFile } });
    expect(noCa).toMatchObject({ ok: false, message: expect.stringMatching(/self[- ]signed certificate/i) });
    const noClient = await test({ tls: { ca: serverCert.certFile } });
    expect(noClient.ok).toBe(false);
    const wrongToken = await test({ auth: { type: 'bearer', token: 'guess' } });
    expect(wrongToken).toMatchObject({ ok: false, message: expect.stringContaining('HTTP 401 Unauthorized') });
  });
});
