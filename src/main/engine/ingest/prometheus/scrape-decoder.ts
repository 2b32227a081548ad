// One scrape's exposition into readings: every sample through its series plan (device, signal,
// unit, rate), timed by its own timestamp or else the scrape's start, as Prometheus times them.
// A malformed line becomes a refused part with its line number, kept as the line itself so a
// re-queue parses it again; the rest of the scrape is kept. A value that is not a finite number
// (NaN, +Inf, -Inf — a summary with no observations, a histogram's top bucket bound) is
// skipped and counted, not dead-lettered: exporters write them on every scrape, and a reading
// is a finite float.
import type { DecodedReading, DecodeRejection, DecodeResult } from '../decode-json';
import { timeRefusal, type TimeLimits } from '../reading-time';
import { parseExposition, type ExpositionFormat, type FamilyLookup } from './exposition-parser';
import { counterRate, type SeriesMapper } from './series-mapping';

export interface ScrapeDecoded extends DecodeResult {
  /** Samples in the exposition (stored, skipped, dropped by the patterns, or refused). */
  samples: number;
  /** Samples not stored: not a finite number, or a counter's first sample before its rate. */
  skipped: number;
  /** Malformed lines and unnameable series. */
  refused: number;
}

const encoder = new TextEncoder();

export function decodeScrape(
  text: string,
  format: ExpositionFormat,
  mapper: SeriesMapper,
  scrapeTs: number,
  limits: TimeLimits,
  options: { sampleLimit?: number; whole?: boolean } = {},
): ScrapeDecoded {
  const { sampleLimit = Infinity, whole = true } = options;
  const readings: DecodedReading[] = [];
  const rejects: DecodeRejection[] = [];
  let skipped = 0;
  // A refused sample is kept as a line of its own format (OpenMetrics times in seconds), so it parses again alike.
  const lineText = (series: string, value: number, ts: number | undefined) =>
    ts === undefined ? `${series} ${value}` : `${series} ${value} ${format === 'openmetrics' ? ts / 1000 : ts}`;
  const refuse = (line: number, raw: string, reason: string) =>
    rejects.push({ reason: `line ${line}: ${reason}`, raw: encoder.encode(raw), join: 'lines' });
  const sink = {
    sample(series: string, value: number, ts: number | undefined, line: number, families: FamilyLookup) {
      const plan = mapper.plan(series, families);
      if (plan.drop) return;
      if (plan.error !== undefined) return refuse(line, lineText(series, value, ts), plan.error);
      if (!Number.isFinite(value)) {
        skipped++;
        return;
      }
      let at = scrapeTs;
      if (ts !== undefined) {
        const refusal = timeRefusal(ts, limits, 'the timestamp');
        if (refusal) return refuse(line, lineText(series, value, ts), refusal);
        at = ts;
      }
      const { rate } = plan;
      if (rate) {
        const perSecond = counterRate(rate, value, at);
        if (perSecond === undefined) skipped++;
        else
          readings.push({
            deviceId: plan.device,
            signal: rate.signal,
            ts: at,
            value: perSecond,
            quality: 'good',
            unit: rate.unit,
          });
        if (!rate.keepRaw) return;
      }
      readings.push({ deviceId: plan.device, signal: plan.signal, ts: at, value, quality: 'good', unit: plan.unit });
    },
    error: refuse,
  };
  const summary = parseExposition(text, format, sink);
  if (summary.samples > sampleLimit) {
    throw new Error(`${summary.samples} samples, more than the source's sampleLimit (${sampleLimit}): nothing stored`);
  }
  if (whole && format === 'openmetrics' && !summary.eof && summary.lines > 0) {
    rejects.push({
      reason: `line ${summary.lines}: the exposition ends without "# EOF": it may have been cut short (the samples before were kept)`,
      raw: new Uint8Array(0),
    });
  }
  return { readings, rejects, samples: summary.samples, skipped, refused: rejects.length };
}
