import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirs } from '../../../test/support/temp-dir';
import { autostartFile, createLoginItem, type LoginItemApp } from './login-item';

const dirs = tempDirs('watchfloor-login-');
afterEach(() => dirs.removeAll());

class FakeLoginApp implements LoginItemApp {
  openAtLogin = false;
  readonly calls: boolean[] = [];
  getLoginItemSettings() {
    return { openAtLogin: this.openAtLogin };
  }
  setLoginItemSettings({ openAtLogin }: { openAtLogin: boolean }) {
    this.calls.push(openAtLogin);
    this.openAtLogin = openAtLogin;
  }
}

function linux(env: Record<string, string | undefined>, home = dirs.make()) {
  const item = createLoginItem({
    app: new FakeLoginApp(),
    platform: 'linux',
    env,
    execPath: '/opt/Watchfloor/watchfloor',
    homeDir: home,
    isPackaged: true,
  });
  return { item, home };
}

/** The Exec line of an autostart entry, unquoted as a desktop would. */
function execOf(file: string): string {
  const line = readFileSync(file, 'utf8').match(/^Exec=(.*)$/m)?.[1] ?? '';
  return line.replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1');
}

describe('start at login on Linux (XDG autostart)', () => {
  it('writes and removes ~/.config/autostart/watchfloor.desktop for the installed executable', () => {
    const { item, home } = linux({});
    const file = join(home, '.config', 'autostart', 'watchfloor.desktop');
    expect(item.get()).toBe(false);
    item.set(true);
    expect(item.get()).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(/^\[Desktop Entry\]\nType=Application\nName=Watchfloor\n/);
    expect(execOf(file)).toBe('/opt/Watchfloor/watchfloor');
    item.set(false);
    expect(existsSync(file)).toBe(false);
    expect(item.get()).toBe(false);
    item.set(false); // already off: nothing to do, no error
  });

  it('honours XDG_CONFIG_HOME and starts the AppImage the user runs, quoted for a path with spaces', () => {
    const config = join(dirs.make(), 'my config');
    const appImage = '/home/op/Apps/Watchfloor "stable" $1.AppImage';
    const { item } = linux({ XDG_CONFIG_HOME: config, APPIMAGE: appImage });
    item.set(true);
    const file = join(config, 'autostart', 'watchfloor.desktop');
    expect(autostartFile({ XDG_CONFIG_HOME: config }, '/nowhere')).toBe(file);
    expect(execOf(file)).toBe(appImage);
    expect(readFileSync(file, 'utf8')).toContain('Exec="/home/op/Apps/Watchfloor \\"stable\\" \\$1.AppImage"');
  });

  it('reads an entry the user disabled in their desktop’s settings as off, and turning it on again enables it', () => {
    const { item, home } = linux({});
    const file = join(home, '.config', 'autostart', 'watchfloor.desktop');
    mkdirSync(join(home, '.config', 'autostart'), { recursive: true });
    writeFileSync(file, '[Desktop Entry]\nType=Application\nExec=/old/watchfloor\nX-GNOME-Autostart-enabled=false\n');
    expect(item.get()).toBe(false);
    item.set(true);
    expect(item.get()).toBe(true);
    expect(execOf(file)).toBe('/opt/Watchfloor/watchfloor');
  });
});

describe('start at login on Windows and macOS', () => {
  for (const platform of ['win32', 'darwin'] as const) {
    it(`${platform}: uses the OS login items through Electron`, () => {
      const app = new FakeLoginApp();
      const home = dirs.make();
      const item = createLoginItem({
        app,
        platform,
        env: {},
        execPath: 'C:\\W\\Watchfloor.exe',
        homeDir: home,
        isPackaged: true,
      });
      expect(item.get()).toBe(false);
      item.set(true);
      expect(app.calls).toEqual([true]);
      expect(item.get()).toBe(true);
      expect(existsSync(join(home, '.config', 'autostart'))).toBe(false);
    });
  }
});

describe('where it cannot be offered', () => {
  it('a development run answers null and refuses to register a bare Electron', () => {
    const app = new FakeLoginApp();
    const home = dirs.make();
    const item = createLoginItem({
      app,
      platform: 'linux',
      env: {},
      execPath: '/x/electron',
      homeDir: home,
      isPackaged: false,
    });
    expect(item.get()).toBeNull();
    expect(() => item.set(true)).toThrow(/installed Watchfloor/);
    expect(existsSync(join(home, '.config', 'autostart'))).toBe(false);
    expect(app.calls).toEqual([]);
  });

  it('an OS without login items answers null', () => {
    const item = createLoginItem({
      app: new FakeLoginApp(),
      platform: 'freebsd',
      env: {},
      execPath: '/x',
      homeDir: dirs.make(),
      isPackaged: true,
    });
    expect(item.get()).toBeNull();
  });
});
