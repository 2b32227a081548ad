// An exported chart carries its title, range and zone inside the file, readable by any tool.
import { describe, expect, it } from 'vitest';
import { crc32, pngText, withPngText } from './png-text';

// The smallest valid PNG: 1×1 transparent pixel.
const PIXEL = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='),
  (c) => c.charCodeAt(0),
);

describe('PNG text', () => {
  it('adds text chunks after the header and reads them back', () => {
    const out = withPngText(PIXEL, { Title: 'device-002 — pressure (psi)', Description: 'Dec 6 14:02 – 14:04 UTC' });
    expect(out.length).toBeGreaterThan(PIXEL.length);
    expect(Array.from(out.subarray(0, 8))).toEqual(Array.from(PIXEL.subarray(0, 8)));
    expect(pngText(out)).toEqual({ Title: 'device-002 ? pressure (psi)', Description: 'Dec 6 14:02 ? 14:04 UTC' });
    expect(pngText(PIXEL)).toEqual({});
  });

  it('writes the CRC a decoder checks (zlib CRC-32 over type and data)', () => {
    // Every PNG ends with IEND, whose CRC is the well-known AE 42 60 82.
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
    const out = withPngText(PIXEL, { Title: 'a' });
    const view = new DataView(out.buffer);
    const length = view.getUint32(33);
    expect(length).toBe(7); // "Title", a zero, "a"
    expect(view.getUint32(33 + 8 + length)).toBe(crc32(out.subarray(37, 37 + 4 + length)));
  });
});
