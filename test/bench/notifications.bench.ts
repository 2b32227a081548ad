// npm run bench -- notifications [--events N]
//
// What notifications cost the alarm service and how fast they drain: N alarm events are handed
// to a Notifier (routes to one local webhook answering 200), timing each notify() call on the
// caller's stack; then the time until every delivery is logged as sent, and each delivery's
// latency from queueing to the endpoint's answer, beside plain fetch() to the same endpoint
// at the same concurrency (4) as a baseline. Prints one JSON document on stdout.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Notifier } from '../../src/main/engine/notify/notifier';
import { openStateDb } from '../../src/main/engine/state/state-db';
import { NotificationsConfig } from '../../src/shared/contract/notifications';
import { raisedAlarm, type Alarm } from '../../src/shared/domain';

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '1000' } } });
const N = Number(args.events);
const log = (m: string) => process.stderr.write(`[bench notifications] ${m}\n`);

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { n: s.length, p50: r(at(50)), p99: r(at(99)), max: r(s[s.length - 1]!) };
}

function alarm(i: number): Alarm {
  return raisedAlarm({
    id: i,
    key: `eq-${i}/temperature/high`,
    deviceId: `eq-${i}`,
    signal: 'temperature',
    kind: 'high',
    area: 'default',
    priority: 'high',
    value: 91,
    limit: 85,
    at: Date.now(),
  });
}

async function main() {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const dir = mkdtempSync(join(tmpdir(), 'wf-bench-notify-'));
  const db = openStateDb(dir);
  const notifier = new Notifier(
    { db, clock: Date.now, log },
    NotificationsConfig.parse({
      webhooks: [{ id: 'hook', url }],
      routes: [{ id: 'all', channels: ['webhook:hook'], rateLimit: { burst: 1000, perMinute: 1000 } }],
      queueLimit: 100_000,
    }),
  );
  notifier.start();
  try {
    const callUs: number[] = [];
    const t0 = performance.now();
    for (let i = 1; i <= N; i++) {
      const a = performance.now();
      notifier.notify({ type: 'raised', alarm: alarm(i), at: Date.now(), by: null, comment: null });
      callUs.push((performance.now() - a) * 1000);
    }
    const handedMs = performance.now() - t0;
    for (;;) {
      const c = notifier.deliveries.counts();
      if (c.sent + c.failed + c.rate_limited + c.dropped >= N) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const drainMs = performance.now() - t0;
    const all = notifier.deliveries.list({ limit: N });
    const latency = all.filter((d) => d.sentAt !== null).map((d) => d.sentAt! - d.createdAt);
    const counts = notifier.deliveries.counts();

    // Baseline: the same number of POSTs with fetch() alone, 4 at a time.
    const b0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next++ < N) {
          const res = await fetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
          await res.text();
        }
      }),
    );
    const baselineMs = performance.now() - b0;
    console.log(
      JSON.stringify(
        {
          events: N,
          notifyCallUs: percentiles(callUs),
          handOverMs: Math.round(handedMs * 10) / 10,
          drainMs: Math.round(drainMs),
          deliveriesPerSecond: Math.round((counts.sent / drainMs) * 1000),
          plainFetchPerSecond: Math.round((N / baselineMs) * 1000),
          queueToSentMs: percentiles(latency),
          counts,
          endpointReceived: received,
        },
        null,
        2,
      ),
    );
  } finally {
    await notifier.stop();
    db.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
