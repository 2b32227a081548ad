// The engine's utility process, in this process: what the shell's EngineProcess forks is the real
// engine host (runEngineHost) on a parent port whose messages cross as structured clones on a later
// tick, as they do between Electron's processes. Window ports are electron-fakes' FakePorts, handed
// over as they are (a transfer). For tests of the whole path shell ↔ engine host ↔ engine.
import { EventEmitter } from 'node:events';
import type { MessagePortMainLike, UtilityProcessLike, UtilityProcessModule } from '../../src/main/shell/electron-api';
import { runEngineHost, type EngineHostOptions, type ParentPortLike } from '../../src/main/shell/engine-host-runner';
import type { PortLike } from '../../src/shared/rpc/port-channel';
import type { FakePort } from '../../src/main/shell/testing/electron-fakes';

type HostEvent = { data: unknown; ports: MessagePortMainLike[] };

export class InProcessHost extends EventEmitter implements UtilityProcessLike {
  static nextPid = 5000;
  readonly pid = InProcessHost.nextPid++;
  exited = false;
  private toHost: ((event: HostEvent) => void) | undefined;
  readonly parentPort: ParentPortLike = {
    on: (_event, listener) => {
      this.toHost = listener;
      return this;
    },
    postMessage: (message) => {
      const copy = structuredClone(message);
      setImmediate(() => this.emit('message', copy));
    },
  };

  postMessage(message: unknown, transfer: MessagePortMainLike[] = []): void {
    const copy = structuredClone(message);
    setImmediate(() => this.toHost?.({ data: copy, ports: transfer }));
  }

  kill(): boolean {
    this.exit(-15);
    return true;
  }

  exit(code: number): void {
    if (this.exited) return;
    this.exited = true;
    setImmediate(() => this.emit('exit', code));
  }
}

/** A utilityProcess whose forks run the engine host here, with these options. */
export function inProcessUtility(options: Omit<EngineHostOptions, 'parentPort' | 'exit'>): {
  utilityProcess: UtilityProcessModule;
  forks: InProcessHost[];
} {
  const forks: InProcessHost[] = [];
  return {
    forks,
    utilityProcess: {
      fork: () => {
        const child = new InProcessHost();
        forks.push(child);
        runEngineHost({ ...options, parentPort: child.parentPort, exit: (code) => child.exit(code) });
        return child;
      },
    },
  };
}

/** The window's end of a fake MessageChannelMain as the PortLike a contract client takes. */
export function windowPort(port: FakePort): PortLike {
  return {
    postMessage: (message) => port.postMessage(message),
    listen(onMessage, onClose) {
      port.on('message', (event: { data: unknown }) => onMessage(event.data));
      port.on('close', onClose);
    },
    close: () => port.close(),
  };
}
