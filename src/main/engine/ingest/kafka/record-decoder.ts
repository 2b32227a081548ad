// Decodes one Kafka record's value by the source's format. A record is untrusted input like any
// broker payload: whatever it holds — no value, bad bytes, a decoder that throws — ends as
// rejections with a reason, never as an exception that would stop the partition.
import type { KafkaSourceConfig } from '../../config/config-schema';
import { decodeCsvPayload, type CsvOptions } from '../decode-csv';
import { guardDecode } from '../decode-guard';
import { decodeJsonPayload, type DecodeOptions, type DecodeResult } from '../decode-json';

/**
 * Sparkplug B decoding, injected by whoever owns it. The key is the MQTT-style topic
 * (spBv1.0/group/DDATA/node/device) that bridges put in the record key, or else the Kafka
 * topic name.
 */
export type SparkplugDecode = (topicLikeKey: string, value: Uint8Array, opts: DecodeOptions) => DecodeResult;

export interface KafkaRecord {
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
}

export type RecordDecoder = (record: KafkaRecord, opts: DecodeOptions) => DecodeResult;

const EMPTY = new Uint8Array(0);

function rejectAll(reason: string, raw: Uint8Array): DecodeResult {
  return { readings: [], rejects: [{ reason, raw }] };
}

export function recordDecoder(
  config: KafkaSourceConfig,
  sparkplugDecode?: SparkplugDecode,
  log: (message: string) => void = () => {},
): RecordDecoder {
  const csv: CsvOptions = { separator: config.csv.separator, columns: config.csv.columns, header: 'auto' };
  const decode = (record: KafkaRecord, value: Buffer, opts: DecodeOptions): DecodeResult => {
    switch (config.format) {
      case 'json':
        return decodeJsonPayload(value, opts);
      case 'csv':
        return decodeCsvPayload(value, csv, opts);
      case 'sparkplug': {
        if (!sparkplugDecode) return rejectAll('Sparkplug decoding not available', value);
        if (value.byteLength > opts.maxPayloadBytes)
          return rejectAll(
            `payload of ${value.byteLength} bytes exceeds the ${opts.maxPayloadBytes}-byte limit`,
            value,
          );
        const key = record.key && record.key.byteLength > 0 ? record.key.toString('utf8') : record.topic;
        return sparkplugDecode(key, value, opts);
      }
    }
  };
  return (record, opts) => {
    // A tombstone (null value) carries no reading; it is only meaningful on compacted topics.
    if (record.value === null) return rejectAll('record has no value (tombstone)', EMPTY);
    const value = record.value;
    return guardDecode(
      `${config.format} decoder`,
      value,
      (m) => log(`${config.id}: ${m}`),
      () => decode(record, value, opts),
    );
  };
}
