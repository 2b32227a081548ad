// The application menu. The View menu holds the control-room command that matters most on a
// multi-monitor desk: a window on every display.
import type { MenuItemConstructorOptions } from './electron-api';

export const OPEN_ON_EVERY_DISPLAY_LABEL = 'Open a window on every display';

export interface AppMenuActions {
  platform: NodeJS.Platform;
  /** Developer tools only in development builds. */
  devTools: boolean;
  openOnEveryDisplay(): void;
}

export function appMenuTemplate(actions: AppMenuActions): MenuItemConstructorOptions[] {
  const isMac = actions.platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    { label: OPEN_ON_EVERY_DISPLAY_LABEL, accelerator: 'CmdOrCtrl+Shift+D', click: () => actions.openOnEveryDisplay() },
    { type: 'separator' },
    { role: 'reload' },
    ...(actions.devTools ? [{ role: 'toggleDevTools' } as const] : []),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [isMac ? { role: 'close' } : { role: 'quit' }],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
}
