// Where `serve` keeps data when no --data is given: the same folder Electron's
// app.getPath('userData') uses for "Watchfloor", so the desktop and headless modes share it.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Watchfloor');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Watchfloor');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Watchfloor');
}
