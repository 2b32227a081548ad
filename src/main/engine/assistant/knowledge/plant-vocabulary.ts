// The words an operator types are often not the runbook's: "temp" for temperature, "shaking" for
// vibration, "blower" for fan, "LOTO" for lockout. BM25 only matches words that are there, so the
// query is widened with the plant's usual synonyms and abbreviations before it is OR-ed: each
// group below lists words and phrases that mean the same thing on a plant floor, written from
// general plant and control-room vocabulary (ISA-18.2 alarm terms, maintenance and safety
// words), not from any question set. A word of the query that is in a group brings in the rest
// of the group; a phrase (two or more words) is added as an FTS5 phrase. IMPLIES holds one-way
// meanings ("too hot" is a high temperature; a high temperature is not "too hot").
//
// Matching is on a light stem (plural s, -ed, -ing, a doubled last consonant, a final e), so
// "jammed", "jams" and "jam" find the same group; the index's porter stemmer does the rest.
import type { FtsTerm } from './fts-query';

const SYNONYMS: readonly string[] = [
  'temp|temperature|temps',
  'psi|pressure',
  'vib|vibration|vibrating|shaking|shake|shakes',
  'trip|tripped|shutdown|shut down',
  'ack|acknowledge|acknowledged|acknowledgement',
  'loto|lockout|lock out|tagout|tag out|isolation|isolate',
  'ppe|protective equipment|gloves|goggles|safety glasses|face shield|hearing protection',
  'noise|noisy|sound|squeal|squealing|squeak|whine|screech|shrill|rattle|grinding|knocking',
  'fan|blower|impeller',
  'jam|jammed|stuck|blocked|blockage',
  'belt|conveyor',
  'output|throughput|production rate',
  'yield|pass rate|first pass|quality score',
  'scrap|reject|rejects|defect|defects|defective|bad parts',
  'leak|leaking|drip|dripping|seep|seeping',
  'hose|pipe',
  'motor|drive|vfd|inverter',
  'sensor|transmitter|probe|transducer|thermocouple',
  'gauge|indicator',
  'calibrate|calibration|recalibrate',
  'restart|start up|startup|reset',
  'mechanic|technician|fitter|maintenance',
  'supervisor|shift supervisor|shift lead|foreman',
  'escalate|escalation|call|notify',
  'alarm|alert|alarms|alerts',
  'silence|mute|shelve|suppress',
  'offline|no data|lost data|disconnected|comms|communication',
  'spike|spikes|jump|jumps|surge|glitch',
  'drop|dropping|falling|decreasing|loss',
  'rising|climbing|increasing|creeping',
  'heater|heating element|burner|element',
  'warm up|heat up|reach temperature|reach setpoint',
  'assistant|ai|chatbot|language model|llm',
  'flood|alarm flood|many alarms|burst of alarms',
  'break|planned stop|shift change|downtime|stoppage',
  'changeover|die change|tool change|setup',
  'crash|collision|collided',
  'manual|handbook|runbook|procedure|sop',
  'oil|hydraulic fluid|fluid',
  'hydraulics|hydraulic|hpu|power unit',
  'filter|strainer|clogged|plugged',
  'overload|overcurrent',
  'e-stop|emergency stop',
  'interlock|guard',
  'setpoint|set point',
  'reading|value|pv|process value',
  'limit|threshold',
  'hi|high',
  'lo|low',
  'hihi|high high',
  'lolo|low low',
  'wrong|incorrect|bad',
  'frozen|flatline|flat line|not changing',
];

const IMPLIES: readonly [string, string][] = [
  ['too hot|overheating|overheat|overtemperature', 'high temperature'],
  ['too cold|freezing|cold', 'low temperature'],
  ['too high', 'high'],
  ['too low', 'low'],
  ['not working|broken|failed|died|quit', 'fault|failure'],
  ['dirty', 'clean|contamination'],
];

interface Entry {
  /** The trigger as stemmed words. */
  words: string[];
  /** What it adds: each a word or a phrase (space-separated words). */
  adds: string[];
}

const ENTRIES: Entry[] = build();

function build(): Entry[] {
  const out: Entry[] = [];
  for (const g of SYNONYMS) {
    const members = g.split('|');
    for (const m of members) out.push({ words: words(m).map(stem), adds: members.filter((x) => x !== m) });
  }
  for (const [from, to] of IMPLIES) {
    for (const m of from.split('|')) out.push({ words: words(m).map(stem), adds: to.split('|') });
  }
  return out.sort((a, b) => b.words.length - a.words.length);
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** A light stem, only to match the groups (the index has its own porter stemmer). */
export function stem(word: string): string {
  let w = word.toLowerCase();
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (w.length > suffix.length + 2 && w.endsWith(suffix) && !(suffix === 's' && w.endsWith('ss'))) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (/([b-df-hj-np-tv-z])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** A term the vocabulary added, and the words of the query it stands for. */
export interface VocabularyTerm extends FtsTerm {
  for: string[];
}

/** The words and phrases the plant's vocabulary adds to `query` (none already in `terms`). */
export function vocabularyTerms(query: string, terms: readonly FtsTerm[], max = 24): VocabularyTerm[] {
  const raw = words(query.normalize('NFKC'));
  const qs = raw.map(stem);
  const have = new Set(terms.map((t) => t.text));
  const out: VocabularyTerm[] = [];
  for (let i = 0; i < qs.length; i++) {
    for (const e of ENTRIES) {
      if (e.words.length > qs.length - i || !e.words.every((w, j) => qs[i + j] === w)) continue;
      for (const add of e.adds) {
        const text = words(add).join(' ');
        if (have.has(text) || out.length >= max) continue;
        have.add(text);
        out.push({
          text,
          expr: `"${text}"`,
          kind: text.includes(' ') ? 'phrase' : 'word',
          for: raw.slice(i, i + e.words.length),
        });
      }
    }
  }
  return out;
}
