import { describe, expect, it } from 'vitest';
import { decodeEntities } from './html-entities';
import { parseHtml } from './html-loader';

describe('html loader', () => {
  const html = `<!DOCTYPE html><html><head><title>Pump &amp; motor</title><style>p{color:red}</style></head>
  <body><script>var hidden = "script text";</script><!-- a comment -->
  <h1>Vibration <em>(device-003)</em></h1><p>Alarm above 120&nbsp;Hz &mdash; check &lt;bearings&gt; &#8805; &#x2713;</p>
  <h2>Causes</h2><ul><li>Bearing wear</li><li>Misalignment</li></ul>
  <h3>Detail</h3><table><tr><th>Tag</th><th>Limit</th></tr><tr><td>VT-301</td><td>120</td></tr></table>
  <h2>Actions</h2><p>Stop the pump.<br>Call maintenance.</p></body></html>`;
  const doc = parseHtml(html, 'v.html');

  it('keeps only visible text, with entities decoded', () => {
    expect(doc.text).not.toMatch(/script text|color:red|a comment|<\/?(p|h1|li|td|em|script|style)\b|Pump & motor/);
    expect(doc.text).toContain('Alarm above 120 Hz — check <bearings> ≥ ✓');
    expect(doc.text).toContain('- Bearing wear\n- Misalignment');
    expect(doc.text).toContain('Tag | Limit\nVT-301 | 120');
    expect(doc.text).toContain('Stop the pump.\nCall maintenance.');
    expect(doc.title).toBe('Pump & motor');
  });

  it('turns h1–h6 into heading paths whose segments start at the heading', () => {
    expect(doc.segments.map((s) => [s.headingPath, doc.text.slice(s.start, s.start + 12)])).toEqual([
      [['Vibration (device-003)'], 'Vibration (d'],
      [['Vibration (device-003)', 'Causes'], 'Causes\n\n- Be'],
      [['Vibration (device-003)', 'Causes', 'Detail'], 'Detail\n\nTag '],
      [['Vibration (device-003)', 'Actions'], 'Actions\n\nSto'],
    ]);
  });

  it('drops a head that is never closed, as browsers do', () => {
    const page = parseHtml('<html><head><title>T</title><meta charset="utf-8"><body><p>Body text</p></body>', 'x.html');
    expect(page.text).toBe('Body text');
    expect(page.title).toBe('T');
  });

  it('decodes numeric and named references and leaves unknown ones alone', () => {
    expect(decodeEntities('&deg;C &#65;&#x42; &bogus; &#0;')).toBe('°C AB &bogus; \uFFFD');
  });
});
