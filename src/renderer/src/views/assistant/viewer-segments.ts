// The document viewer's text cut where something starts: each heading of the table of contents
// (an anchor to scroll to) and the highlighted passage (marked). Offsets come from the engine
// (`assistant.open`) as positions in the text sent; out-of-range ones are clamped, never thrown.
export interface ViewerSegment {
  text: string;
  start: number;
  highlighted: boolean;
  /** Index into `headings` when a heading starts here. */
  heading: number | null;
}

export function viewerSegments(
  text: string,
  headings: readonly { start: number }[],
  highlight: { start: number; end: number } | null,
): ViewerSegment[] {
  const clamp = (n: number) => Math.max(0, Math.min(text.length, n));
  const hl = highlight ? { start: clamp(highlight.start), end: clamp(Math.max(highlight.start, highlight.end)) } : null;
  const headingAt = new Map<number, number>();
  headings.forEach((h, i) => {
    const at = clamp(h.start);
    if (!headingAt.has(at)) headingAt.set(at, i);
  });
  const cuts = new Set<number>([0, text.length, ...headingAt.keys()]);
  if (hl) cuts.add(hl.start).add(hl.end);
  const sorted = [...cuts].sort((a, b) => a - b);
  const segments: ViewerSegment[] = [];
  for (let i = 0; i < sorted.length - 1; i++) {
    const start = sorted[i]!;
    const end = sorted[i + 1]!;
    segments.push({
      text: text.slice(start, end),
      start,
      highlighted: hl !== null && start >= hl.start && end <= hl.end && hl.end > hl.start,
      heading: headingAt.get(start) ?? null,
    });
  }
  // A heading at the very end of the text still gets its (empty) anchor.
  const last = headingAt.get(text.length);
  if (last !== undefined && text.length > 0)
    segments.push({ text: '', start: text.length, highlighted: false, heading: last });
  if (text.length === 0) segments.push({ text: '', start: 0, highlighted: false, heading: headingAt.get(0) ?? null });
  return segments;
}
