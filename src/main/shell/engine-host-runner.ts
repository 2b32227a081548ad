// What runs inside the engine's utility process, written against a parent-port interface so
// tests drive it without Electron: wait for the configuration, start the engine, serve the
// contract on every port the shell sends, and stop cleanly when asked (or on a signal). Or, for a
// desktop attached to a central engine (`start-remote`), relay every port to that engine instead.
// Either way the engine's `station.*` reach the shell's updater through a StationProxy
// (station/station-proxy.ts), and the shell's questions about blocking alarms and its audit events
// are answered here, by the engine or by the central engine.
import type { Config } from '../engine/config/config-schema';
import { parseConfig } from '../engine/config/load-config';
import type { StationPort } from '../engine/station/station-port';
import type { BlockingAlarm } from '../../shared/contract/station';
import { EngineError, toErrorPayload } from '../../shared/errors';
import { DESKTOP } from '../../shared/rpc/call-context';
import { createPortChannel, type PortLike } from '../../shared/rpc/port-channel';
import type { ClientMessage, ServerMessage } from '../../shared/rpc/protocol';
import { serveContract, type ContractHandlers } from '../../shared/rpc/server';
import type { MessagePortMainLike } from './electron-api';
import { ToEngineHost, type FromEngineHost } from './engine-host-protocol';
import { RemoteEngineHost, type RemoteEngineHostOptions } from './remote/remote-engine-host';
import { StationProxy } from './station/station-proxy';
import type { StationAuditEvent } from './updates/update-service-options';

export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown; ports: MessagePortMainLike[] }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface HostedEngine {
  start(): Promise<void>;
  stop(): Promise<void>;
  handlers(): ContractHandlers;
  /** Active, unacknowledged alarms of high priority or above (shared/blocking-alarms.ts): they hold an install back. */
  blockingAlarms(): Promise<BlockingAlarm[]>;
  /** Records one of the station's update events in the engine's audit trail. */
  audit(event: StationAuditEvent): void;
}

export interface EngineHostOptions {
  parentPort: ParentPortLike;
  createEngine(
    config: Config,
    version: string,
    options: { newState: boolean; secretsKey?: Buffer; station: StationPort },
  ): HostedEngine;
  /** Remote mode; tests may shorten the backoff. */
  createRemote?: (options: RemoteEngineHostOptions) => RemoteEngineHost;
  log(message: string): void;
  exit(code: number): void;
}

export interface RunningEngineHost {
  /** Stops the engine, closes every connection and exits with `code`. Idempotent. */
  shutdown(code: number): Promise<void>;
}

/** Electron's MessagePortMain as the transport-neutral PortLike. */
export function portFromMessagePortMain(port: MessagePortMainLike): PortLike {
  return {
    postMessage: (message) => port.postMessage(message),
    listen(onMessage, onClose) {
      port.on('message', (event) => onMessage(event.data));
      port.on('close', onClose);
      port.start();
    },
    close: () => port.close(),
  };
}

export function runEngineHost(options: EngineHostOptions): RunningEngineHost {
  const { parentPort, log } = options;
  type Phase = 'waiting' | 'starting' | 'ready' | 'stopping';
  let phase: Phase = 'waiting';
  let engine: HostedEngine | undefined;
  let handlers: ContractHandlers | undefined;
  let remote: RemoteEngineHost | undefined;
  const queued: MessagePortMainLike[] = [];
  const connections = new Set<() => void>();
  let shuttingDown: Promise<void> | undefined;

  const report = (message: FromEngineHost) => parentPort.postMessage(message);
  // The station's updater runs in the shell; the engine (or the remote links) get it through this.
  const station = new StationProxy((message) => report(message));

  const blockingAlarms = (): Promise<BlockingAlarm[]> => {
    if (phase === 'ready' && engine) return engine.blockingAlarms();
    if (phase === 'ready' && remote) return remote.blockingAlarms();
    return Promise.reject(new EngineError('UNAVAILABLE', 'the engine is not running'));
  };

  const serve = (port: MessagePortMainLike) => {
    if (remote) {
      remote.connect(portFromMessagePortMain(port));
      return;
    }
    if (!handlers) return;
    const channel = createPortChannel<ClientMessage, ServerMessage>(portFromMessagePortMain(port));
    // Each window signs in over its own port (a desktop always does: with no users yet, the
    // first-run screen); without an access control (tests of the runner) it acts as DESKTOP.
    const connection = handlers.access?.connect(DESKTOP.client, undefined, 'desktop') ?? DESKTOP;
    const detach = serveContract(channel, handlers, { context: connection });
    const close = () => {
      connection.session?.close();
      detach();
      channel.close();
      connections.delete(close);
    };
    connections.add(close);
    channel.onStatus((status) => {
      if (status === 'closed') {
        connection.session?.close();
        detach();
        connections.delete(close);
      }
    });
  };

  const shutdown = (code: number): Promise<void> => {
    shuttingDown ??= (async () => {
      phase = 'stopping';
      station.close();
      for (const port of queued.splice(0)) port.close();
      for (const close of [...connections]) close();
      remote?.stop();
      try {
        await engine?.stop();
      } catch (err) {
        log(`engine stop failed: ${(err as Error).message}`);
      }
      report({ type: 'stopped' });
      options.exit(code);
    })();
    return shuttingDown;
  };

  const startRemote = (url: string, fingerprint: string | null) => {
    phase = 'starting';
    try {
      const remoteOptions: RemoteEngineHostOptions = {
        url,
        fingerprint,
        log,
        onSignedOut: () => report({ type: 'remote-signed-out' }),
        onProblem: (message, certificateChanged) => report({ type: 'remote-problem', message, certificateChanged }),
        station,
      };
      remote = options.createRemote?.(remoteOptions) ?? new RemoteEngineHost(remoteOptions);
    } catch (err) {
      const message = (err as Error).message;
      log(`cannot attach to ${url}: ${message}`);
      report({ type: 'error', message });
      void shutdown(1);
      return;
    }
    log(`attached to the central engine at ${remote.address.origin}`);
    phase = 'ready';
    for (const port of queued.splice(0)) serve(port);
    report({ type: 'ready' });
  };

  const start = async (rawConfig: unknown, version: string, newState: boolean, secretsKey: string | undefined) => {
    phase = 'starting';
    try {
      // Crossing a process boundary loses the freeze and could lose anything else: re-validate.
      const config = parseConfig(rawConfig as Record<string, unknown>, 'engine configuration');
      engine = options.createEngine(config, version, {
        newState,
        station,
        ...(secretsKey ? { secretsKey: Buffer.from(secretsKey, 'hex') } : {}),
      });
      await engine.start();
    } catch (err) {
      const message = (err as Error).message;
      log(`engine failed to start: ${message}`);
      report({ type: 'error', message });
      await shutdown(1);
      return;
    }
    if (phase !== 'starting') return; // a stop arrived while starting; shutdown owns the rest
    handlers = engine.handlers();
    phase = 'ready';
    for (const port of queued.splice(0)) serve(port);
    report({ type: 'ready' });
  };

  parentPort.on('message', (event) => {
    const parsed = ToEngineHost.safeParse(event.data);
    if (!parsed.success) {
      log('ignored a malformed message from the shell');
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'start':
        if (phase === 'waiting')
          void start(message.config, message.version, message.newState ?? false, message.secretsKey);
        return;
      case 'start-remote':
        if (phase === 'waiting') startRemote(message.url, message.fingerprint);
        return;
      case 'remote-call': {
        const { id, request } = message;
        if (!remote) {
          const error = { code: 'UNAVAILABLE' as const, message: 'this desktop runs its own engine' };
          report({ type: 'remote-answer', id, answer: { ok: false, error } });
          return;
        }
        void remote.call(request).then((answer) => report({ type: 'remote-answer', id, answer }));
        return;
      }
      case 'connect': {
        const port = event.ports[0];
        if (!port) {
          log('connect message without a port');
          return;
        }
        if (phase === 'ready') serve(port);
        else if (phase === 'stopping') port.close();
        else queued.push(port);
        return;
      }
      case 'stop':
        void shutdown(0);
        return;
      case 'station-answer':
        station.settle(message.id, message.answer);
        return;
      case 'station-status':
        station.push(message.status);
        return;
      case 'station-question': {
        const { id } = message;
        void blockingAlarms().then(
          (data) => report({ type: 'station-reply', id, answer: { ok: true, data } }),
          (err: unknown) => report({ type: 'station-reply', id, answer: { ok: false, error: toErrorPayload(err) } }),
        );
        return;
      }
      case 'station-audit':
        if (phase === 'ready' && engine) engine.audit(message.event);
        else if (phase === 'ready' && remote) remote.report(message.event);
        else log(`not recorded (the engine is not running): ${message.event.action} ${message.event.version ?? ''}`);
        return;
    }
  });

  return { shutdown };
}
