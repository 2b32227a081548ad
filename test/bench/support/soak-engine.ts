// The soak benchmark's engine, in its own process so its memory is its own: `watchfloor serve`
// as an operator runs it (HTTP server, embedded broker, simulator of the default plant, the
// default MQTT source), driven and sampled by the parent over the IPC channel:
//   parent → { cmd: 'sample' }            child → { type: 'sample', ...figures }
//   parent → { cmd: 'count', prefix }     child → { type: 'count', rows } (stored rows of those devices)
//   parent → { cmd: 'drain' }             child → { type: 'drained' } (pipeline flushed)
//   parent → { cmd: 'stop' }              child stops the engine and exits
// Every request carries an id, echoed in its answer. Started with --data DIR; sends { type: 'ready', brokerUrl, httpUrl } once serving.
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { parseConfig } from '../../../src/main/engine/config/load-config';
import { serve } from '../../../src/main/server/serve';

const { values } = parseArgs({ options: { data: { type: 'string' } } });
const log = (m: string) => process.stderr.write(`[soak engine] ${m}\n`);

type Command = { id: number } & (
  { cmd: 'sample' } | { cmd: 'count'; prefix: string } | { cmd: 'drain' } | { cmd: 'stop' }
);

async function main() {
  const config = parseConfig({ dataDir: values.data!, server: { port: 0 }, broker: { port: 0 } });
  const running = await serve({ config, rendererDir: '', version: 'soak', log });
  const { engine } = running;
  // The JS heap right after each full collection: what is live, without the garbage between
  // collections that makes heapUsed a sawtooth.
  let liveHeap = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)
        liveHeap = process.memoryUsage().heapUsed;
    }
  }).observe({ entryTypes: ['gc'] });
  const send = (m: object) => process.send!(m);
  const answer = (id: number, m: object) => send({ ...m, id });

  process.on('message', (m: Command) => {
    void (async () => {
      switch (m.cmd) {
        case 'sample': {
          const mem = process.memoryUsage();
          const heap = getHeapStatistics();
          const duck = await engine.services.history.memoryUsage();
          const health = engine.health();
          answer(m.id, {
            type: 'sample',
            at: Date.now(),
            rss: mem.rss,
            heapUsed: mem.heapUsed,
            heapTotal: mem.heapTotal,
            heapAfterMajorGc: liveHeap,
            external: mem.external,
            arrayBuffers: mem.arrayBuffers,
            malloced: heap.malloced_memory,
            duckdb: duck.bytes,
            duckdbTemporary: duck.temporaryBytes,
            duckdbByTag: duck.byTag,
            received: engine.services.pipeline.received,
            stored: engine.services.history.stored,
            duplicates: engine.services.history.duplicates,
            queued: engine.services.pipeline.queued,
            pending: health.sources.reduce((n, s) => n + s.pending, 0),
            deadLetters: health.deadLetters,
            activeAlarms: health.activeAlarms,
            series: engine.services.history.seriesCount,
            simulatorPublished: health.simulator.published,
          });
          break;
        }
        case 'count': {
          const counts = await engine.services.history.countBySeries();
          let rows = 0;
          for (const [key, n] of counts) if (key.startsWith(m.prefix)) rows += n;
          answer(m.id, { type: 'count', rows });
          break;
        }
        case 'drain':
          await engine.services.pipeline.drain();
          answer(m.id, { type: 'drained' });
          break;
        case 'stop':
          await running.stop();
          process.exit(0);
      }
    })().catch((err: unknown) => {
      log(`${m.cmd} failed: ${(err as Error).stack ?? String(err)}`);
      answer(m.id, { type: 'error', message: (err as Error).message });
    });
  });
  send({ type: 'ready', brokerUrl: engine.services.broker!.url, httpUrl: running.server.url, pid: process.pid });
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
