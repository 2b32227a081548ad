// The built engine fed by a real mosquitto, as a plant runs it: a temporary folder, a broker, and
// a configuration whose only source is one QoS 1 subscription on that broker (persistent
// session). What the kill, restart and poison-message tests share.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMosquitto, type Mosquitto } from './mosquitto';
import { startServeProcess, type ServeProcess } from './serve-process';
import { makeTempDir } from './temp-dir';

export interface MosquittoEngine {
  broker: Mosquitto;
  /** The engine's data directory. */
  data: string;
  /** Starts the engine (stop or kill it through what this returns). */
  start(): Promise<ServeProcess>;
  /** Stops the engine still running, the broker, and removes the folder. */
  close(): Promise<void>;
}

export async function startMosquittoEngine(topic: string): Promise<MosquittoEngine> {
  const dir = makeTempDir();
  const broker = await startMosquitto(dir.path);
  const config = join(dir.path, 'watchfloor.json');
  writeFileSync(
    config,
    JSON.stringify({
      broker: { embedded: false },
      simulator: { enabled: false },
      sources: { mqtt: [{ id: 'plant', url: broker.url, topics: [topic], qos: 1 }] },
    }),
  );
  const data = join(dir.path, 'data');
  const running = new Set<ServeProcess>();
  return {
    broker,
    data,
    async start() {
      const engine = await startServeProcess(['--config', config, '--data', data]);
      running.add(engine);
      return engine;
    },
    async close() {
      for (const engine of running) await engine.kill();
      await broker.stop();
      dir.remove();
    },
  };
}
