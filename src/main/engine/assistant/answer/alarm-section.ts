// The passages for an alarm: its own runbook section first, found by its heading, then what the
// alarm's query ranks highest.
//
// Why a lookup before ranking: ranking alone puts the alarm's section in the top three for most
// alarms, but not all — a device's "High temperature" section shares every word of a "rate of
// change on temperature" query except two, and wins on the signal's name (measured over the 42
// alarms the default fleet can raise: 37 of 42 in the top three by ranking alone once the plant
// vocabulary widened the queries; 42 of 42 with the lookup). The lookup follows the convention
// the shipped runbooks use and docs/assistant.md asks of a site's own: a section heading that
// names the device's id and the alarm's kind ("Alarm: High pressure (device-002 …)", "… kind
// rate)", "kinds anomaly and trend"). A document without such headings simply gets none, and
// ranking decides alone.
import type { Alarm, AlarmKind, Device } from '../../../../shared/domain';
import type { AssistantBackend } from '../assistant-backend';
import { unrankedHit, type SearchHit, type SearchResult } from '../knowledge/knowledge-search';
import type { KnowledgeStore } from '../knowledge/knowledge-store';
import { alarmQuery } from './alarm-query';

/** Sections looked up for one alarm (a device could have its runbook in two documents). */
const MAX_SECTIONS = 2;

/** The word a heading uses for each kind; model alarms are explained with anomalies and trends. */
const KIND_WORD: Readonly<Record<AlarmKind, string>> = {
  high: 'high',
  low: 'low',
  rate: 'rate',
  flatline: 'flatline',
  offline: 'offline',
  quality: 'quality',
  anomaly: 'anomaly',
  trend: 'trend',
  model: 'anomaly',
};

/** Whether one heading is this alarm's section: it names the device and the kind. */
export function isAlarmSection(heading: string, alarm: Pick<Alarm, 'deviceId' | 'kind'>): boolean {
  const h = heading.toLowerCase();
  const id = alarm.deviceId.toLowerCase();
  const at = h.indexOf(id);
  if (at < 0) return false;
  // The id as a whole token: device-001 must not match device-0012.
  const after = h.charAt(at + id.length);
  if (/[a-z0-9_-]/.test(after) || (at > 0 && /[a-z0-9_-]/.test(h.charAt(at - 1)))) return false;
  const word = KIND_WORD[alarm.kind];
  if (new RegExp(`\\bkinds?\\b[^)]*\\b${word}\\b`).test(h)) return true;
  // "Alarm: High pressure (device-002 …)": the kind as the heading's first word after "alarm:".
  return new RegExp(`^(?:alarm:\\s*)?${word}\\b`).test(h);
}

/** The first passage of each section whose heading names the alarm's device and kind. */
export function alarmSectionHits(store: KnowledgeStore, alarm: Pick<Alarm, 'deviceId' | 'kind'>): SearchHit[] {
  const like = `%${alarm.deviceId.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = store.db
    .prepare(
      `SELECT c.rowid AS rowid FROM chunks c JOIN documents d ON d.id = c.doc_id
       WHERE d.status = 'ok' AND c.heading LIKE ? ESCAPE '\\' ORDER BY d.path, c.ordinal LIMIT 500`,
    )
    .all(like) as { rowid: number }[];
  const chunks = store.chunks(rows.map((r) => r.rowid));
  const out: SearchHit[] = [];
  const seen = new Set<string>();
  for (const { rowid } of rows) {
    const c = chunks.get(rowid);
    if (!c) continue;
    const depth = c.headingPath.findIndex((h) => isAlarmSection(h, alarm));
    if (depth < 0) continue;
    const section = `${c.path}\u0000${c.headingPath.slice(0, depth + 1).join('\u0000')}`;
    if (seen.has(section)) continue;
    seen.add(section);
    out.push(unrankedHit(c));
    if (out.length >= MAX_SECTIONS) break;
  }
  return out;
}

/** The alarm's section(s) first, then the query's ranking, each chunk once, at most `k`. */
export async function alarmHits(
  backend: Pick<AssistantBackend, 'search' | 'store'>,
  alarm: Alarm,
  device: Device | undefined,
  k: number,
): Promise<{ hits: SearchHit[]; ranked: SearchResult }> {
  const sections = alarmSectionHits(backend.store, alarm);
  const ranked = await backend.search(alarmQuery(alarm, device), { k });
  const hits: SearchHit[] = [];
  const seen = new Set<string>();
  for (const h of [...sections, ...ranked.hits]) {
    if (seen.has(h.chunkId) || hits.length >= k) continue;
    seen.add(h.chunkId);
    hits.push(h);
  }
  return { hits, ranked };
}
