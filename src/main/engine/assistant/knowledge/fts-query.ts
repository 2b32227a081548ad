// Free text to an FTS5 query that cannot be a syntax error: every term is quoted (so AND, NEAR,
// `*`, `:`, `^` and quotes typed by an operator are just text), a word joined by - _ . / (a tag
// such as device-002 or production_counter, a code such as E-104) becomes a phrase of its parts,
// which is how unicode61 tokenised it in the text, and the terms are OR-ed so BM25 ranks passages
// by how many of them they hold and how rare those are. English function words and the filler
// of spoken questions ("what do I need to look at") are dropped (they only add noise to OR),
// unless nothing else is left.
//
// Prefix matching (`"term"*`) is applied to the last word only, while the user may still be
// typing it: on whole questions, prefixes on every word changed nothing with porter stemming
// (measured in knowledge-search.test.ts) and would only widen matches on short words.

const STOP = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have how i if in into ' +
    'is it its me my no not of on or our should so than that the their them then there these they this those ' +
    'to was we were what when where which while who whom why will with would you your about after again all ' +
    'any before between both each few more most other over same some such too very just also up down out off ' +
    'once only own here am may might must shall us he she his her him ' +
    // How operators talk, not what they talk about (eval retrieval: paraphrase recall@5 on the
    // tuning half 0.667 → 0.722 with the plant vocabulary, MRR 0.431 → 0.469).
    'get got make makes made making keep keeps kept thing things someone something anything tell know look ' +
    'looking need needs want happen happens happened going go goes still ever really please now right away straight ' +
    // What is left of contractions once the apostrophe splits them (isn't, alarm's, we'll).
    's t d m ll ve re isn aren wasn weren don doesn didn won can couldn shouldn wouldn haven hasn'
  ).split(' '),
);

const MAX_TERMS = 32;

export interface FtsQueryOptions {
  /** Which words match as prefixes: none, the last one (type-ahead), or every word of 4+ letters. */
  prefix?: 'none' | 'last' | 'all';
}

export interface FtsTerm {
  /** The words as unicode61 splits them, lower case, space-separated (one word, or a tag's parts). */
  text: string;
  /** Its FTS5 form: `"text"`, or `"text"*` for a prefix. */
  expr: string;
  kind: 'word' | 'phrase' | 'prefix';
}

/** The terms of `input`, each safe to OR into an FTS5 query. */
export function ftsTerms(input: string, options: FtsQueryOptions = {}): FtsTerm[] {
  const prefix = options.prefix ?? 'last';
  const words = input.normalize('NFKC').split(/[^\p{L}\p{N}\-_./]+/u);
  const raw = words
    .map((w) =>
      w
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean)
        .map((p) => p.toLowerCase()),
    )
    .filter((parts) => parts.length > 0);
  const meaningful = raw.filter((parts) => parts.length > 1 || !STOP.has(parts[0]!));
  const chosen = meaningful.length > 0 ? meaningful : raw;
  const seen = new Set<string>();
  const terms: FtsTerm[] = [];
  chosen.forEach((parts, i) => {
    const text = parts.join(' ');
    if (seen.has(text) || terms.length >= MAX_TERMS) return;
    seen.add(text);
    const last = i === chosen.length - 1 && /[\p{L}\p{N}]$/u.test(input);
    // A tag being typed (device-00) matches the tags it starts: the phrase's last part is a prefix.
    const phrasePrefix = parts.length > 1 && prefix !== 'none' && last;
    const asPrefix =
      parts.length === 1 &&
      parts[0]!.length >= 3 &&
      (prefix === 'all' ? parts[0]!.length >= 4 : prefix === 'last' && last);
    terms.push({
      text,
      expr: `"${text}"${asPrefix || phrasePrefix ? '*' : ''}`,
      kind: parts.length > 1 ? 'phrase' : asPrefix ? 'prefix' : 'word',
    });
  });
  return terms;
}

/** The FTS5 MATCH expression for `input`, or undefined when it has no searchable word. */
export function ftsQuery(input: string, options: FtsQueryOptions = {}): string | undefined {
  const terms = ftsTerms(input, options);
  return terms.length > 0 ? terms.map((t) => t.expr).join(' OR ') : undefined;
}
