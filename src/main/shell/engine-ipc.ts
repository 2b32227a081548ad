// The shell's side of window.watchfloor.engine (src/shared/preload-api.ts): which engine this
// desktop uses, checking and approving a central engine's certificate, and signing in to it.
// Every call is accepted only from the top frame of one of our windows showing our page (the
// same rule as the engine port, port-handoff.ts), its arguments are checked, and it answers an
// EngineAnswer envelope — nothing is thrown across the bridge.
//
// Approval: probe(url) shows the certificate; attach(url, fingerprint) pins exactly the
// fingerprint the user saw — and refuses if the engine meanwhile presents another one, so what
// is pinned is what was shown. A changed certificate later is refused by the pinned connection
// with "the engine's certificate changed — … approve the new fingerprint in Settings → Engine".
import { z } from 'zod';
import { EngineError, toErrorPayload } from '../../shared/errors';
import type { EngineAnswer, EngineTarget, EngineTargetView, ProbeResult } from '../../shared/engine-target';
import { ENGINE_CHANNELS } from '../../shared/preload-api';
import type { SessionStatus } from '../../shared/session-state';
import type { AppLocation } from './app-location';
import type { IpcMainEventLike, IpcMainLike, WebContentsLike } from './electron-api';
import { refusalReason } from './port-handoff';
import { normalizeFingerprint, probeCertificate } from './remote/certificate-probe';
import { EngineUrlError, parseEngineUrl } from './remote/engine-url';
import type { RemoteCall } from './remote/remote-call';
import type { RemoteAnswer } from './remote/remote-engine-host';

export interface EngineControl {
  target(): EngineTarget;
  problem(): { message: string | null; certificateChanged: boolean };
  /** Stores the target and restarts the engine host for it. */
  switchTo(target: EngineTarget): Promise<void>;
  call(request: RemoteCall): Promise<RemoteAnswer>;
}

export interface EngineIpcOptions {
  ipcMain: IpcMainLike;
  location: AppLocation;
  windows: { owns(contents: WebContentsLike): boolean };
  control: EngineControl;
  log?: (message: string) => void;
  /** Tests replace the network probe. */
  probe?: typeof probeCertificate;
}

const Url = z.string().min(1).max(2000);
const Fingerprint = z.string().max(200).nullable();
const Name = z.string().min(1).max(200);
const Password = z.string().min(1).max(1024);

function fail(code: EngineError['code'], message: string): { ok: false; error: ReturnType<typeof toErrorPayload> } {
  return { ok: false, error: { code, message } };
}

export class EngineIpc {
  private readonly log: (message: string) => void;

  constructor(private readonly options: EngineIpcOptions) {
    this.log = options.log ?? (() => {});
  }

  start(): void {
    const on = (channel: string, run: (...args: unknown[]) => Promise<EngineAnswer<unknown>>) =>
      this.options.ipcMain.handle(channel, async (event: IpcMainEventLike, ...args: unknown[]) => {
        const reason = refusalReason(event, this.options.location, this.options.windows);
        if (reason) {
          this.log(`refused an engine call: ${reason}`);
          return fail('FORBIDDEN', 'not from this app’s window');
        }
        try {
          return await run(...args);
        } catch (err) {
          if (err instanceof z.ZodError) return fail('BAD_REQUEST', 'invalid arguments');
          if (err instanceof EngineUrlError) return fail('BAD_REQUEST', err.message);
          return {
            ok: false,
            error: toErrorPayload(
              err instanceof EngineError ? err : new EngineError('UNAVAILABLE', (err as Error).message),
            ),
          };
        }
      });
    on(ENGINE_CHANNELS.target, async () => ({ ok: true, data: this.view() }));
    on(ENGINE_CHANNELS.probe, async (url) => ({ ok: true, data: await this.probe(Url.parse(url)) }));
    on(ENGINE_CHANNELS.attach, async (url, fingerprint) => this.attach(Url.parse(url), Fingerprint.parse(fingerprint)));
    on(ENGINE_CHANNELS.useLocal, async () => {
      await this.options.control.switchTo({ kind: 'local' });
      return { ok: true, data: this.view() };
    });
    on(ENGINE_CHANNELS.status, async () => this.remote({ call: 'status' }));
    on(ENGINE_CHANNELS.signIn, async (user, password) =>
      this.remote({ call: 'signIn', user: Name.parse(user), password: Password.parse(password) }),
    );
    on(ENGINE_CHANNELS.signOut, async () => this.remote({ call: 'signOut' }));
  }

  stop(): void {
    for (const [name, channel] of Object.entries(ENGINE_CHANNELS)) {
      if (name !== 'signedOut') this.options.ipcMain.removeHandler(channel);
    }
  }

  view(): EngineTargetView {
    const target = this.options.control.target();
    const { message, certificateChanged } = this.options.control.problem();
    const warning = target.kind === 'remote' ? parseEngineUrl(target.url).warning : null;
    return { target, problem: target.kind === 'remote' ? message : null, certificateChanged, warning };
  }

  private async probe(url: string): Promise<ProbeResult> {
    const address = parseEngineUrl(url);
    if (!address.secure) return { url: address.origin, certificate: null, warning: address.warning };
    const info = await (this.options.probe ?? probeCertificate)(address);
    const { fingerprint, subject, issuer, validFrom, validTo, selfSigned, caTrusted } = info;
    return {
      url: address.origin,
      certificate: { fingerprint, subject, issuer, validFrom, validTo, selfSigned, caTrusted },
      warning: null,
    };
  }

  private async attach(url: string, fingerprint: string | null): Promise<EngineAnswer<EngineTargetView>> {
    const address = parseEngineUrl(url);
    let pinned: string | null = null;
    if (address.secure) {
      const approved = fingerprint ? normalizeFingerprint(fingerprint) : undefined;
      if (!approved) return fail('BAD_REQUEST', 'check the engine’s certificate first, then approve its fingerprint');
      const now = await this.probe(url);
      if (now.certificate?.fingerprint !== approved) {
        return fail(
          'CONFLICT',
          'the engine now presents another certificate than the one you approved: check it again',
        );
      }
      pinned = approved;
    }
    await this.options.control.switchTo({ kind: 'remote', url: address.origin, fingerprint: pinned });
    this.log(
      `attached to the central engine at ${address.origin}${pinned ? ` (certificate ${pinned})` : ' (plain http)'}`,
    );
    return { ok: true, data: this.view() };
  }

  private async remote(request: RemoteCall): Promise<EngineAnswer<SessionStatus>> {
    if (this.options.control.target().kind !== 'remote') {
      return fail('UNAVAILABLE', 'this desktop runs its own engine: sign in over the contract');
    }
    return (await this.options.control.call(request)) as EngineAnswer<SessionStatus>;
  }
}
