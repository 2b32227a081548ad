// The report made without the model (Ollama down, model missing, an answer that broke the schema
// twice, the assistant switched off): deterministic, from the alarm and the best-matching
// runbook section alone, so an operator always gets the runbook's own checks and actions.
//
// Decisions:
// - Severity is the alarm's priority (the same four words). Category from the alarm's kind:
//   offline → communication; quality and flatline → instrument (the measurement, not the
//   process, is in doubt); high, low, rate, trend, anomaly and model → process.
// - The section: the first document passage (in retrieval order) whose heading path sits under a
//   heading that has an "Actions" subsection; that parent heading is the alarm's section (the
//   shipped runbooks: `## Alarm: …` with `### Probable causes`, `### Checks, in order`,
//   `### Actions`). Found from the stored extracted text and its segments, so a site's own
//   runbook with the same shape works too, at whatever heading depth.
// - Actions are the section's "Checks" items, then its "Actions" items (what to check first,
//   then what to do), causes its "Probable causes" items, one list item each, Markdown markup
//   removed. Each cites the passage of the chunk the item starts in; a chunk not among the
//   passages is added to them, so every citation names a passage the operator can open.
// - Confidence is always low: nothing has judged that this section fits this alarm's situation.
// - promptHash and durationMs are left for makeReport to fill in (it knows the prompt).
import type { AlarmReport, Passage } from '../../../../shared/contract/assistant';
import type { Alarm, AlarmKind } from '../../../../shared/domain';
import { KIND_WORDS } from '../answer/alarm-query';
import type { KnowledgeStore, StoredChunk } from '../knowledge/knowledge-store';
import type { Segment } from '../knowledge/knowledge-types';

type Category = AlarmReport['category'];

const CATEGORY: Readonly<Record<AlarmKind, Category>> = {
  offline: 'communication',
  quality: 'instrument',
  flatline: 'instrument',
  high: 'process',
  low: 'process',
  rate: 'process',
  trend: 'process',
  anomaly: 'process',
  model: 'process',
};

const ACTIONS = /^(?:recommended\s+)?actions?\b/i;
const CHECKS = /^checks?\b/i;
const CAUSES = /^(?:probable\s+|possible\s+|likely\s+)?causes?\b/i;

interface Item {
  text: string;
  /** Offset of the item in the document's extracted text. */
  start: number;
}

interface Section {
  path: string;
  heading: string;
  causes: Item[];
  checks: Item[];
  actions: Item[];
}

export function fallbackReport(
  alarm: Alarm,
  passages: readonly Passage[],
  store: KnowledgeStore,
  note: string,
  clock: () => number,
): AlarmReport {
  const all = [...passages];
  const section = findSection(all, store);
  const cite = citer(all, store, section?.path);
  const cited = (items: Item[]) => items.map((i) => ({ text: i.text, citations: cite(i.start) }));
  const causes = section ? cited(section.causes) : [];
  const actions = section ? cited([...section.checks, ...section.actions]) : [];
  return {
    alarmId: alarm.id,
    source: 'retrieval',
    note,
    severity: alarm.priority,
    category: CATEGORY[alarm.kind] ?? 'unknown',
    summary: summary(alarm, section),
    causes,
    actions,
    confidence: 'low',
    passages: all,
    model: null,
    promptHash: '',
    chunkIds: all.filter((p) => p.kind === 'document').map((p) => p.ref),
    durationMs: 0,
    createdAt: clock(),
    feedback: null,
  };
}

function summary(alarm: Alarm, section: Section | undefined): string {
  const what = alarm.signal === '*' ? alarm.deviceId : `${alarm.deviceId} ${alarm.signal}`;
  const facts =
    alarm.message ??
    (alarm.limit !== null ? `value ${alarm.value} against limit ${alarm.limit}` : `value ${alarm.value}`);
  const kind = KIND_WORDS[alarm.kind].split(' ').slice(0, 2).join(' ');
  const where = section
    ? `the runbook section “${section.heading}” lists what to check and do.`
    : 'no runbook section with actions matches this alarm.';
  return `${capital(alarm.priority)} priority ${kind} alarm on ${what} (${facts}) raised ${new Date(alarm.raisedAt).toISOString()}: ${where}`;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The alarm's section in the best-ranked document passage that has one. */
function findSection(passages: readonly Passage[], store: KnowledgeStore): Section | undefined {
  const cache = new Map<string, { text: string; segments: Segment[] } | undefined>();
  for (const p of passages) {
    if (p.kind !== 'document' || p.path === null) continue;
    if (!cache.has(p.path)) cache.set(p.path, store.extracted(p.path));
    const doc = cache.get(p.path);
    if (!doc) continue;
    for (let depth = p.headingPath.length; depth >= 1; depth--) {
      const parent = p.headingPath.slice(0, depth);
      const under = doc.segments.filter(
        (s) => s.headingPath.length === depth + 1 && parent.every((h, i) => s.headingPath[i] === h),
      );
      const titled = (re: RegExp) => under.filter((s) => re.test(s.headingPath[depth]!));
      const actions = titled(ACTIONS);
      if (actions.length === 0) continue;
      return {
        path: p.path,
        heading: parent.at(-1)!,
        causes: titled(CAUSES).flatMap((s) => listItems(doc.text, s)),
        checks: titled(CHECKS).flatMap((s) => listItems(doc.text, s)),
        actions: actions.flatMap((s) => listItems(doc.text, s)),
      };
    }
  }
  return undefined;
}

const ITEM = /^\s{0,3}(?:\d+[.)]|[-*+])\s+(.*)$/;

/** The list items of one segment, continuation lines joined, with where each starts. */
export function listItems(text: string, segment: Segment): Item[] {
  const items: Item[] = [];
  let offset = segment.start;
  let current: { parts: string[]; start: number } | undefined;
  const flush = () => {
    if (current) items.push({ text: clean(current.parts.join(' ')), start: current.start });
    current = undefined;
  };
  for (const line of text.slice(segment.start, segment.end).split('\n')) {
    const m = ITEM.exec(line);
    if (m) {
      flush();
      current = { parts: [m[1]!], start: offset + line.indexOf(m[1]!) };
    } else if (current && line.trim().length > 0 && !/^\s*#/.test(line)) current.parts.push(line.trim());
    else if (line.trim().length === 0 || /^\s*#/.test(line)) flush();
    offset += line.length + 1;
  }
  flush();
  return items.filter((i) => i.text.length > 0);
}

function clean(s: string): string {
  return s
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]*)\*\*/g, '$1')
    .replace(/__([^_]*)__/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A function giving the passage numbers that cite an offset in `path`, adding passages as needed. */
function citer(passages: Passage[], store: KnowledgeStore, path: string | undefined): (start: number) => number[] {
  const chunks: StoredChunk[] = path ? store.chunksOf(path) : [];
  return (start) => {
    const chunk = chunks.find((c) => c.start <= start && start < c.end);
    if (!chunk) return [];
    const existing = passages.find((p) => p.kind === 'document' && p.ref === chunk.id);
    if (existing) return [existing.n];
    const added: Passage = {
      n: passages.length + 1,
      kind: 'document',
      ref: chunk.id,
      path: chunk.path,
      title: chunk.title,
      headingPath: chunk.headingPath,
      page: chunk.page,
      alarmId: null,
      text: chunk.text,
    };
    passages.push(added);
    return [added.n];
  };
}
