// The remote branch of signing in, against a fake shell bridge: only a desktop attached to a
// central engine gets it, answers from the shell are checked, and refusals come back in words.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WatchfloorEngineApi } from '../../../shared/preload-api';
import { remoteSignInTransport } from './remote-sign-in';

const status = {
  mode: 'users',
  setup: 'none',
  user: { name: 'ada', displayName: null, role: 'operator', areas: null },
  session: { id: 's1', expiresAt: 1, locked: false, idleLockMs: null },
  engine: { name: 'central-01', version: '1.0.0' },
};
const remote = {
  target: { kind: 'remote', url: 'https://engine.plant.local:5780', fingerprint: 'AB:CD' },
  problem: null,
  certificateChanged: false,
  warning: null,
};

function install(engine: Partial<Record<keyof WatchfloorEngineApi, unknown>>): void {
  vi.stubGlobal('window', { watchfloor: { runtime: 'electron', engine } });
}

afterEach(() => vi.unstubAllGlobals());

describe('sign-in transport, desktop attached to a central engine', () => {
  it('is not offered in a browser or to a desktop running its own engine', async () => {
    vi.stubGlobal('window', {});
    expect(await remoteSignInTransport()).toBeUndefined();
    install({ target: async () => ({ ok: true, data: { ...remote, target: { kind: 'local' } } }) });
    expect(await remoteSignInTransport()).toBeUndefined();
  });

  it('signs in through the shell and reports refusals in words, with the certificate flag kept', async () => {
    const signIn = vi.fn(async (user: string) =>
      user === 'ada'
        ? { ok: true, data: status }
        : {
            ok: false,
            error: {
              code: 'FORBIDDEN',
              message:
                'the engine’s certificate changed — if this is expected, approve the new fingerprint in Settings → Engine',
              details: { certificateChanged: true },
            },
          },
    );
    install({
      target: async () => ({ ok: true, data: remote }),
      signIn,
      status: async () => ({ ok: true, data: status }),
    });
    const transport = await remoteSignInTransport();
    expect(transport?.engineUrl).toBe('https://engine.plant.local:5780');
    expect(await transport!.signIn('ada', 'pw')).toEqual({ ok: true, status });
    const refused = await transport!.signIn('bo', 'pw');
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining('certificate changed') });
    expect(signIn).toHaveBeenCalledWith('ada', 'pw');
  });

  it('treats an answer of the wrong shape as a failure, not as a session', async () => {
    install({
      target: async () => ({ ok: true, data: remote }),
      status: async () => ({ ok: true, data: { user: 'ada' } }),
      signIn: async () => ({ ok: true, data: { signedIn: true } }),
    });
    const transport = await remoteSignInTransport();
    expect(await transport!.status()).toBeUndefined();
    expect(await transport!.signIn('ada', 'pw')).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
