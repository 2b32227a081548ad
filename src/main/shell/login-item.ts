// "Start Watchfloor when this station's user signs in" (Settings → About; the update service's
// LoginItem). A control-room station comes back by itself after a power cut or a reboot.
//
// Windows and macOS: Electron's app.get/setLoginItemSettings (the Run key; macOS's login items).
// Linux has no such API: an XDG autostart entry, $XDG_CONFIG_HOME/autostart/watchfloor.desktop
// (~/.config when unset), which GNOME, KDE, Xfce and the others read at sign-in. Its Exec is the
// AppImage the user runs (APPIMAGE; the executable inside is on a temporary mount) or the
// installed executable (deb). An entry the user disabled by hand (Hidden=true,
// X-GNOME-Autostart-enabled=false) reads as off.
//
// A development run (not packaged) answers null: the entry would start a bare Electron.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LoginItem } from './updates/update-service-options';

/** Electron's app, the part this needs (Windows and macOS). */
export interface LoginItemApp {
  getLoginItemSettings(): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
}

export interface LoginItemOptions {
  app: LoginItemApp;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  /** process.execPath: the installed executable. */
  execPath: string;
  /** os.homedir(), for ~/.config when XDG_CONFIG_HOME is unset. */
  homeDir: string;
  isPackaged: boolean;
}

const UNAVAILABLE = 'starting at login is only available in an installed Watchfloor on Windows, macOS or Linux';

/** The autostart entry's file (Linux). */
export function autostartFile(env: Record<string, string | undefined>, homeDir: string): string {
  const configHome = env.XDG_CONFIG_HOME?.trim() || join(homeDir, '.config');
  return join(configHome, 'autostart', 'watchfloor.desktop');
}

/** A path as one Exec argument (Desktop Entry Specification: quoted, with " ` $ \ escaped). */
function execArgument(path: string): string {
  return `"${path.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function desktopEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Watchfloor',
    'Comment=Opens the Watchfloor control room when you sign in',
    `Exec=${execArgument(executable)}`,
    'Icon=watchfloor',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

function linuxLoginItem(file: string, executable: string): LoginItem {
  return {
    get() {
      if (!existsSync(file)) return false;
      const text = readFileSync(file, 'utf8');
      return !/^Hidden\s*=\s*true\s*$/m.test(text) && !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/m.test(text);
    },
    set(on) {
      if (!on) {
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, desktopEntry(executable), { mode: 0o644 });
      renameSync(temporary, file);
    },
  };
}

export function createLoginItem(options: LoginItemOptions): LoginItem {
  const { app, platform, env, execPath, homeDir, isPackaged } = options;
  const unavailable: LoginItem = {
    get: () => null,
    set: () => {
      throw new Error(UNAVAILABLE);
    },
  };
  if (!isPackaged) return unavailable;
  if (platform === 'win32' || platform === 'darwin') {
    return {
      get: () => app.getLoginItemSettings().openAtLogin,
      set: (on) => app.setLoginItemSettings({ openAtLogin: on }),
    };
  }
  if (platform === 'linux') return linuxLoginItem(autostartFile(env, homeDir), env.APPIMAGE?.trim() || execPath);
  return unavailable;
}
