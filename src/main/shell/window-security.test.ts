import { describe, expect, it } from 'vitest';
import { AppLocation } from './app-location';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy } from './content-security-policy';
import { FakeSession, FakeWebContents } from './testing/electron-fakes';
import { APP_VERSION_ARG, hardenSession, hardenWebContents, secureWebPreferences } from './window-security';

const location = AppLocation.fromFile('/app/out/renderer/index.html');

describe('secureWebPreferences', () => {
  it('sandboxes the page, isolates its context, keeps Node out and loads our preload', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs', '1.2.3');
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(prefs.additionalArguments).toEqual([`${APP_VERSION_ARG}1.2.3`]);
  });
});

describe('hardenWebContents', () => {
  it('denies window.open, sending web links to the browser instead', () => {
    const contents = new FakeWebContents();
    const opened: string[] = [];
    hardenWebContents(contents, { location, openExternal: (url) => opened.push(url) });
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/manual' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: location.url })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://example.com/manual']);
  });

  it('prevents navigation to a foreign URL and allows the app’s own page', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents, { location });
    expect(contents.navigate('https://evil.example/')).toBe(true);
    expect(contents.navigate('file:///home/operator/secrets.html')).toBe(true);
    expect(contents.navigate('https://evil.example/', 'will-redirect')).toBe(true);
    expect(contents.navigate(`${location.url}#/alarms`)).toBe(false);
  });

  it('refuses <webview> tags', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents, { location });
    const event = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    contents.emit('will-attach-webview', event);
    expect(event.prevented).toBe(true);
  });
});

describe('hardenSession', () => {
  it('grants notifications (alarm notifications on the desktop) and denies every other permission', () => {
    const session = new FakeSession();
    hardenSession(session, location);
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'display-capture']) {
      expect(session.request(permission)).toBe(false);
      expect(session.checkHandler?.({}, permission)).toBe(false);
    }
    expect(session.request('notifications')).toBe(true);
    expect(session.checkHandler?.({}, 'notifications')).toBe(true);
  });

  it('puts the strict CSP on the app’s responses, replacing any the response carried', () => {
    const session = new FakeSession();
    hardenSession(session, location);
    const headers = session.respond('file:///app/out/renderer/index.html', {
      'content-security-policy': ['default-src *'],
      'Content-Type': ['text/html'],
    });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });

  it('leaves other responses alone', () => {
    const session = new FakeSession();
    hardenSession(session, location);
    expect(session.respond('https://example.com/', { 'X-Test': ['1'] })).toBeUndefined();
  });

  it('relaxes the policy only as far as the dev server needs', () => {
    const dev = contentSecurityPolicy(AppLocation.fromDevServer('http://localhost:5173/'));
    expect(dev).toContain("script-src 'self' 'unsafe-inline'");
    expect(dev).toContain("connect-src 'self' ws://localhost:5173");
    expect(dev).toContain("object-src 'none'");
  });
});
