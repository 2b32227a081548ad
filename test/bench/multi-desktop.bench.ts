// npm run bench -- multi-desktop [--acks N] [--keep DIR]
//
// How fast an acknowledgement made on one control-room desktop shows on the others: the built
// `watchfloor serve` with users, a fleet of pressure devices on its MQTT broker, three Chromium
// contexts signed in as three operators on the Alarms view. For each sample a new device crosses
// its limit, every desk shows the alarm, one desk (in turn) acknowledges it through the page, and
// the other two stamp the moment their row says "Acknowledged by <user>" with a MutationObserver
// (same machine clock as the click). Prints one JSON document on stdout; progress on stderr.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../support/browser';
import {
  acknowledgeInPage,
  alarmRow,
  openDesk,
  percentile,
  startSharedEngine,
  waitForAlarm,
  watchAcknowledged,
} from '../support/control-rooms';

const { values: args } = parseArgs({
  options: { acks: { type: 'string', default: '30' }, keep: { type: 'string' } },
});
const acks = Number(args.acks);

async function main(): Promise<void> {
  const root = args.keep ?? mkdtempSync(join(tmpdir(), 'wf-multi-desktop-'));
  const shared = await startSharedEngine(root, acks, [
    { name: 'alice', role: 'operator' },
    { name: 'bob', role: 'operator' },
    { name: 'carol', role: 'operator' },
  ]);
  const browser = await launchChromium();
  try {
    const desks = [];
    for (const user of ['alice', 'bob', 'carol']) desks.push(await openDesk(browser, shared.serve.url, user));
    const latencies: number[] = [];
    for (let i = 0; i < acks; i++) {
      const device = `press-${String(i + 1).padStart(2, '0')}`;
      await shared.publish(device, 60);
      const id = await waitForAlarm(shared.engine, device);
      for (const d of desks) await alarmRow(d.page, id).waitFor();
      const acker = desks[i % desks.length]!;
      const seen = desks.filter((d) => d !== acker).map((d) => watchAcknowledged(d.page, id, acker.user));
      const clicked = Date.now();
      await acknowledgeInPage(acker, id, 'bench');
      for (const at of await Promise.all(seen)) latencies.push(at - clicked);
      process.stderr.write(`\r${i + 1}/${acks}`);
    }
    process.stderr.write('\n');
    console.log(
      JSON.stringify(
        {
          benchmark: 'multi-desktop',
          desks: desks.length,
          acks,
          observations: latencies.length,
          ackShownOnOthersMs: {
            p50: percentile(latencies, 50),
            p95: percentile(latencies, 95),
            max: Math.max(...latencies),
          },
          target: 'p95 under 500 ms (issue 14)',
        },
        null,
        2,
      ),
    );
  } finally {
    await browser.close();
    await shared.close();
    await shared.serve.stop();
    if (!args.keep) rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
