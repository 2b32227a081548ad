import { describe, expect, it } from 'vitest';
import { AppLocation } from './app-location';

describe('AppLocation', () => {
  const built = AppLocation.fromFile('/opt/watchfloor/out/renderer/index.html');

  it('recognises the built page, with any hash or query, and nothing else on disk', () => {
    expect(built.url).toBe('file:///opt/watchfloor/out/renderer/index.html');
    expect(built.owns('file:///opt/watchfloor/out/renderer/index.html#/alarms')).toBe(true);
    expect(built.owns('file:///opt/watchfloor/out/renderer/index.html?x=1')).toBe(true);
    expect(built.owns('file:///etc/passwd')).toBe(false);
    expect(built.owns('file:///opt/watchfloor/out/renderer/other.html')).toBe(false);
    expect(built.owns('https://example.com/')).toBe(false);
    expect(built.owns('not a url')).toBe(false);
  });

  it('treats the renderer folder as the app’s resources, for the CSP', () => {
    expect(built.servesResource('file:///opt/watchfloor/out/renderer/assets/index.js')).toBe(true);
    expect(built.servesResource('file:///opt/watchfloor/out/main/index.js')).toBe(false);
    expect(built.servesResource('https://cdn.example.com/x.js')).toBe(false);
  });

  it('in development, owns everything the dev server serves and nothing else', () => {
    const dev = AppLocation.fromDevServer('http://localhost:5173');
    expect(dev.owns('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(dev.owns('http://localhost:5174/')).toBe(false);
    expect(dev.owns('http://evil.localhost:5173/')).toBe(false);
  });
});
