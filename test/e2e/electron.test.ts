// The desktop app itself, driven through Playwright's Electron support. The Electron runtime
// cannot be downloaded on every machine (CI here has none); where it is missing this suite
// reports itself skipped and says why.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/temp-dir';

function electronRuntime(): { path?: string; reason?: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string;
    if (!existsSync(path)) return { reason: `Electron binary missing at ${path}` };
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
      return { reason: 'no display (set DISPLAY, e.g. under xvfb-run)' };
    }
    return { path };
  } catch (err) {
    return { reason: `Electron runtime not installed (${(err as Error).message.split('\n')[0]})` };
  }
}

const runtime = electronRuntime();
if (!runtime.path) console.warn(`[e2e] Electron suite skipped: ${runtime.reason}`);

describe.skipIf(!runtime.path)(
  `desktop window in Electron${runtime.path ? '' : ` — skipped: ${runtime.reason}`}`,
  () => {
    let dir: ReturnType<typeof makeTempDir>;
    let app: ElectronApplication;

    beforeAll(async () => {
      dir = makeTempDir();
      app = await _electron.launch({
        executablePath: runtime.path!,
        args: [join(process.cwd(), 'out', 'main', 'index.js'), '--no-sandbox'],
        env: { ...process.env, WATCHFLOOR_DATA: dir.path, WATCHFLOOR_PORT: '0' } as Record<string, string>,
      });
    });

    afterAll(async () => {
      await app?.close();
      dir?.remove();
    });

    it('opens the control room over a MessagePort in a sandboxed window', async () => {
      const page = await app.firstWindow();
      await expect.poll(() => page.locator('[data-testid="tile"]').count(), { timeout: 20_000 }).toBe(5);
      type PageGlobals = { watchfloor?: { runtime: string }; require?: unknown };
      expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).watchfloor?.runtime)).toBe('electron');
      expect(await page.evaluate(() => typeof (globalThis as unknown as PageGlobals).require)).toBe('undefined');
      await expect.poll(() => page.locator('[data-testid="connection"]').getAttribute('data-status')).toBe('open');
    });
  },
);
