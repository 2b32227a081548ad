// One Watchfloor per station (a second launch brings the running one forward: shell-app.ts), with
// one exception to waiting it out: electron-updater's AppImage install starts the new version
// (APPIMAGE_SILENT_INSTALL=true) before the old one has quit — the old one is still stopping its
// engine and holds the lock. That new instance waits for the lock rather than quit and leave the
// station without Watchfloor after an update.
import type { AppLike } from './electron-api';

/** How long a version started by its own AppImage update waits for the one it replaces to quit. */
export const UPDATED_INSTANCE_WAIT_MS = 20_000;
const RETRY_MS = 250;

export async function singleInstanceLock(
  app: Pick<AppLike, 'requestSingleInstanceLock'>,
  env: Record<string, string | undefined>,
  log: (message: string) => void,
): Promise<boolean> {
  if (app.requestSingleInstanceLock()) return true;
  if (env.APPIMAGE_SILENT_INSTALL !== 'true') return false;
  log('started by an update while the previous version is still quitting: waiting for it');
  for (let waited = 0; waited < UPDATED_INSTANCE_WAIT_MS; waited += RETRY_MS) {
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    if (app.requestSingleInstanceLock()) return true;
  }
  return false;
}
