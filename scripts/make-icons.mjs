// Renders build/icon.svg (the Watchfloor mark) into the PNGs electron-builder and the tray need,
// with Debian's Chromium (the one the e2e tests use), so the PNGs are reproducible from the SVG:
//   build/icon.png (1024: macOS and Windows, electron-builder converts it to .icns / .ico)
//   build/icons/NxN.png (Linux: 16 … 512, the hicolor sizes)
//   resources/tray/tray.png, tray-alarm.png (+ @2x): the tray icon, plain and with the alarm badge
// Run: node scripts/make-icons.mjs   (the PNGs are committed; run again after changing the SVG)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(join(root, 'build/icon.svg'), 'utf8');
/** The tray's alarm variant: the same mark with a red badge in the top-right corner. */
const alarmSvg = svg.replace(
  '</svg>',
  '  <circle cx="412" cy="100" r="96" fill="#e53e3e" stroke="#0b0f14" stroke-width="24"/>\n</svg>',
);

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage();
  async function render(source, size, file) {
    await page.setViewportSize({ width: size, height: size });
    const url = `data:image/svg+xml;base64,${Buffer.from(source).toString('base64')}`;
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="${url}" width="${size}" height="${size}"></body></html>`,
    );
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), png);
  }
  await render(svg, 1024, 'build/icon.png');
  for (const size of [16, 32, 48, 64, 128, 256, 512]) await render(svg, size, `build/icons/${size}x${size}.png`);
  for (const [name, source] of [
    ['tray', svg],
    ['tray-alarm', alarmSvg],
  ]) {
    await render(source, 16, `resources/tray/${name}.png`);
    await render(source, 32, `resources/tray/${name}@2x.png`);
  }
} finally {
  await browser.close();
}
