// Vectors for knowledge-base chunks through Ollama's /api/embed, in batches, never losing an
// input. Requests say `truncate: false`: Ollama's default is to cut an over-long input
// silently, which would index the start of a passage and lose the rest. Instead an input over
// the model's context comes back as "the input length exceeds the context length"; the batch
// is then bisected to find the long input, and that input is halved at the whitespace nearest
// its middle, recursively, until every piece fits. Within one call, a piece at least as long as
// an input already refused is split before it is sent. Refusals are cheap (Ollama tokenises and
// refuses in milliseconds), so finding the limit by asking costs little, and asking — rather
// than guessing characters per token — never splits a text that would have fitted.
//
// A text that had to be split comes back as several vectors, one per piece with its character
// range, and says so (`split: true`) — not as their average. Averaging the vectors of a long
// passage's parts gives a centroid close to none of them, so a question about its second half
// would rank it low; stored side by side, each piece stays findable and retrieval takes a
// chunk's best piece (what reciprocal-rank fusion wants: one rank per chunk). The caller also
// learns that its chunker made a chunk too long for this model.
//
// A missing model, an unreachable server or a cancel fails the whole call (OllamaError): an
// embedding run is all or nothing per call, and nothing is dropped without an error.
import { runOllamaCall } from './ollama-call';
import { OllamaError } from './ollama-error';
import type { OllamaOptions } from './ollama-options';

export interface EmbeddedPiece {
  /** Character range of the piece in the input text: [start, end). */
  start: number;
  end: number;
  vector: number[];
}

export interface EmbeddedText {
  /** Position in the input array. */
  index: number;
  /** Whole text: one piece covering it. Split: the pieces in order, covering it exactly. */
  pieces: EmbeddedPiece[];
  split: boolean;
}

export interface EmbedResult {
  model: string;
  dimensions: number;
  texts: EmbeddedText[];
  /** /api/embed requests made (more than ceil(n / batch) when something had to be split). */
  requests: number;
}

interface Span {
  index: number;
  start: number;
  end: number;
}

export async function embedTexts(
  options: OllamaOptions,
  texts: readonly string[],
  request: { signal?: AbortSignal } = {},
): Promise<EmbedResult> {
  const model = options.embeddingModel;
  const pieces = new Map<number, EmbeddedPiece[]>();
  let dimensions = 0;
  let requests = 0;

  const send = async (spans: Span[]): Promise<void> => {
    requests++;
    const input = spans.map((s) => (texts[s.index] ?? '').slice(s.start, s.end));
    const vectors = await runOllamaCall(
      options,
      { signal: request.signal, timeoutMs: options.requestTimeoutMs, model, what: 'an embedding request' },
      async ({ client }) => (await client.embed({ model, input, truncate: false })).embeddings,
    );
    if (!Array.isArray(vectors) || vectors.length !== spans.length) {
      throw new OllamaError(
        'bad-response',
        `Ollama returned ${vectors?.length ?? 0} vectors for ${spans.length} inputs`,
      );
    }
    spans.forEach((span, i) => {
      const vector = vectors[i] ?? [];
      if (dimensions === 0) dimensions = vector.length;
      if (vector.length !== dimensions || vector.length === 0) {
        throw new OllamaError(
          'bad-response',
          `Ollama returned vectors of ${vector.length} and ${dimensions} dimensions`,
        );
      }
      pieces.set(span.index, [...(pieces.get(span.index) ?? []), { start: span.start, end: span.end, vector }]);
    });
  };

  // The shortest single input Ollama refused in this call: a piece at least that long is split
  // before it is sent, so one over-long chunk does not cost a refused request per level.
  let shortestRefused = Infinity;
  const fitKnownLimit = (spans: Span[]): Span[] =>
    spans.flatMap((span) => {
      if (span.end - span.start < shortestRefused) return [span];
      const halves = splitSpan(texts[span.index] ?? '', span);
      return halves ? fitKnownLimit(halves) : [span];
    });

  const batch = Math.max(1, options.embedBatchSize);
  const embedSpans = async (spans: Span[]): Promise<void> => {
    const fitted = fitKnownLimit(spans);
    for (let i = 0; i < fitted.length; i += batch) await embedBatch(fitted.slice(i, i + batch));
  };
  const embedBatch = async (spans: Span[]): Promise<void> => {
    try {
      await send(spans);
    } catch (err) {
      if (!(err instanceof OllamaError) || err.reason !== 'context-length') throw err;
      if (spans.length > 1) {
        const half = Math.ceil(spans.length / 2);
        await embedSpans(spans.slice(0, half));
        await embedSpans(spans.slice(half));
        return;
      }
      const [span] = spans;
      const halves = span ? splitSpan(texts[span.index] ?? '', span) : null;
      if (!span || !halves) {
        throw new OllamaError(
          'context-length',
          `An input cannot be made short enough for ${model}: even one character exceeds its context`,
          { model },
        );
      }
      shortestRefused = Math.min(shortestRefused, span.end - span.start);
      await embedSpans(halves);
    }
  };

  await embedSpans(texts.map((t, index) => ({ index, start: 0, end: t.length })));

  return {
    model,
    dimensions,
    requests,
    texts: texts.map((_, index) => {
      const list = (pieces.get(index) ?? []).sort((a, b) => a.start - b.start);
      return { index, pieces: list, split: list.length > 1 };
    }),
  };
}

/**
 * Two halves of `span`, cut at the whitespace nearest its middle (searched in the middle half,
 * so pieces shrink geometrically), else at the middle itself — never inside a surrogate pair.
 * Null when the span is one character.
 */
export function splitSpan(text: string, span: Span): [Span, Span] | null {
  const length = span.end - span.start;
  if (length < 2) return null;
  const mid = span.start + Math.floor(length / 2);
  const reach = Math.floor(length / 4);
  let cut = -1;
  for (let d = 0; d <= reach && cut < 0; d++) {
    if (/\s/.test(text[mid - d] ?? '') && mid - d > span.start) cut = mid - d;
    else if (/\s/.test(text[mid + d] ?? '') && mid + d < span.end) cut = mid + d;
  }
  if (cut < 0) {
    cut = mid;
    const code = text.charCodeAt(cut);
    if (code >= 0xdc00 && code <= 0xdfff && cut - 1 > span.start) cut--;
  }
  return [
    { index: span.index, start: span.start, end: cut },
    { index: span.index, start: cut, end: span.end },
  ];
}
