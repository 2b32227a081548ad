// Which pages may drive the engine: its own, and the origins an administrator listed.
import { describe, expect, it } from 'vitest';
import { originAllowed, originSet } from './origin-policy';

describe('Origin', () => {
  const none = originSet([]);

  it('accepts the page the engine served (same scheme-less host and port), and no Origin at all', () => {
    expect(originAllowed(undefined, '127.0.0.1:5780', none)).toBe(true);
    expect(originAllowed('http://127.0.0.1:5780', '127.0.0.1:5780', none)).toBe(true);
    expect(originAllowed('https://wf.plant.example', 'wf.plant.example', none)).toBe(true);
    expect(originAllowed('http://localhost', 'localhost:80', none)).toBe(true);
  });

  it('refuses other sites, other ports, null and anything that is not an origin', () => {
    for (const origin of [
      'http://evil.example',
      'http://127.0.0.1:3000',
      'null',
      'file://',
      'http://127.0.0.1:5780/path',
      'chrome-extension://abc',
    ]) {
      expect(originAllowed(origin, '127.0.0.1:5780', none), origin).toBe(false);
    }
  });

  it('accepts the origins an administrator listed (a reverse proxy)', () => {
    const proxy = originSet(['https://Watchfloor.Plant.Example/']);
    expect(originAllowed('https://watchfloor.plant.example', '10.0.0.5:5780', proxy)).toBe(true);
  });
});
