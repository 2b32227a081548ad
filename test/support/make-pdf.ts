// A tiny PDF writer for tests and benchmarks: one page per string, Helvetica, plain ASCII, with a
// real text layer, so the PDF loader is tested against files any PDF reader opens. Lines longer
// than a page is wide are wrapped; a page with more lines than fit simply runs off its bottom
// (the text layer still holds them). Not a general PDF library: no images, no fonts, no Unicode.
import { writeFileSync } from 'node:fs';

const LINE_CHARS = 95;
const LEADING = 13;

/** The bytes of a PDF whose page n shows pages[n] (characters outside printable ASCII become '?'). */
export function makePdf(pages: readonly string[]): Buffer {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  const catalog = add('');
  const pageTree = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  for (const text of pages) {
    const content = pageContent(text);
    const stream = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pageTree} 0 R /MediaBox [0 0 612 792] ` +
          `/Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pageTree} 0 R >>`;
  objects[pageTree - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export function writePdf(file: string, pages: readonly string[]): void {
  writeFileSync(file, makePdf(pages));
}

function pageContent(text: string): string {
  const lines = text.split('\n').flatMap(wrap);
  const shown = lines.map((l) => `(${escape(l)}) Tj T*`).join('\n');
  return `BT\n/F1 10 Tf\n${LEADING} TL\n56 750 Td\n${shown}\nET`;
}

function wrap(line: string): string[] {
  if (line.length <= LINE_CHARS) return [line];
  const out: string[] = [];
  let rest = line;
  while (rest.length > LINE_CHARS) {
    const cut = rest.lastIndexOf(' ', LINE_CHARS);
    const at = cut > 0 ? cut : LINE_CHARS;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).trimStart();
  }
  out.push(rest);
  return out;
}

function escape(line: string): string {
  return line.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`);
}
