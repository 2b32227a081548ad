// The Sparkplug B payload schema (org.eclipse.tahu.protobuf, sparkplug_b.proto, proto2) and its
// binary codec. The schema is parsed once at load so there is no generated code to keep in step;
// field names keep the spec's snake_case so they read the same as the specification.
// Decoded payloads come from brokers and are untrusted: callers get plain objects with 64-bit
// fields as bigint (never a silently rounded number) and every optional field possibly absent.
import protobuf from 'protobufjs';
import { EngineError } from '../../../../shared/errors';

const PROTO = `
syntax = "proto2";
package org.eclipse.tahu.protobuf;

message Payload {
  message Template {
    message Parameter {
      optional string name = 1;
      optional uint32 type = 2;
      oneof value {
        uint32 int_value = 3;
        uint64 long_value = 4;
        float float_value = 5;
        double double_value = 6;
        bool boolean_value = 7;
        string string_value = 8;
        ParameterValueExtension extension_value = 9;
      }
      message ParameterValueExtension { extensions 1 to max; }
    }
    optional string version = 1;
    repeated Metric metrics = 2;
    repeated Parameter parameters = 3;
    optional string template_ref = 4;
    optional bool is_definition = 5;
    extensions 6 to max;
  }

  message DataSet {
    message DataSetValue {
      oneof value {
        uint32 int_value = 1;
        uint64 long_value = 2;
        float float_value = 3;
        double double_value = 4;
        bool boolean_value = 5;
        string string_value = 6;
        DataSetValueExtension extension_value = 7;
      }
      message DataSetValueExtension { extensions 1 to max; }
    }
    message Row {
      repeated DataSetValue elements = 1;
      extensions 2 to max;
    }
    optional uint64 num_of_columns = 1;
    repeated string columns = 2;
    repeated uint32 types = 3;
    repeated Row rows = 4;
    extensions 5 to max;
  }

  message PropertyValue {
    optional uint32 type = 1;
    optional bool is_null = 2;
    oneof value {
      uint32 int_value = 3;
      uint64 long_value = 4;
      float float_value = 5;
      double double_value = 6;
      bool boolean_value = 7;
      string string_value = 8;
      PropertySet propertyset_value = 9;
      PropertySetList propertysets_value = 10;
      PropertyValueExtension extension_value = 11;
    }
    message PropertyValueExtension { extensions 1 to max; }
  }

  message PropertySet {
    repeated string keys = 1;
    repeated PropertyValue values = 2;
    extensions 3 to max;
  }

  message PropertySetList {
    repeated PropertySet propertyset = 1;
    extensions 2 to max;
  }

  message MetaData {
    optional bool is_multi_part = 1;
    optional string content_type = 2;
    optional uint64 size = 3;
    optional uint64 seq = 4;
    optional string file_name = 5;
    optional string file_type = 6;
    optional string md5 = 7;
    optional string description = 8;
    extensions 9 to max;
  }

  message Metric {
    optional string name = 1;
    optional uint64 alias = 2;
    optional uint64 timestamp = 3;
    optional uint32 datatype = 4;
    optional bool is_historical = 5;
    optional bool is_transient = 6;
    optional bool is_null = 7;
    optional MetaData metadata = 8;
    optional PropertySet properties = 9;
    oneof value {
      uint32 int_value = 10;
      uint64 long_value = 11;
      float float_value = 12;
      double double_value = 13;
      bool boolean_value = 14;
      string string_value = 15;
      bytes bytes_value = 16;
      DataSet dataset_value = 17;
      Template template_value = 18;
      MetricValueExtension extension_value = 19;
    }
    message MetricValueExtension { extensions 1 to max; }
  }

  optional uint64 timestamp = 1;
  repeated Metric metrics = 2;
  optional uint64 seq = 3;
  optional string uuid = 4;
  optional bytes body = 5;
  extensions 6 to max;
}
`;

/** Sparkplug B data type codes (specification 3.0, section 6.4.16). */
export const DataType = {
  Unknown: 0,
  Int8: 1,
  Int16: 2,
  Int32: 3,
  Int64: 4,
  UInt8: 5,
  UInt16: 6,
  UInt32: 7,
  UInt64: 8,
  Float: 9,
  Double: 10,
  Boolean: 11,
  String: 12,
  DateTime: 13,
  Text: 14,
  UUID: 15,
  DataSet: 16,
  Bytes: 17,
  File: 18,
  Template: 19,
  PropertySet: 20,
  PropertySetList: 21,
} as const;

export const DATA_TYPE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(DataType).map(([name, code]) => [code, name]),
);

export interface PropertyValue {
  type?: number;
  is_null?: boolean;
  int_value?: number;
  long_value?: bigint;
  float_value?: number;
  double_value?: number;
  boolean_value?: boolean;
  string_value?: string;
  propertyset_value?: PropertySet;
  /** The oneof discriminator: names the value field that is set, if any. */
  value?: string;
}

export interface PropertySet {
  keys?: string[];
  values?: PropertyValue[];
}

/** Which member of a oneof is set, as protobufjs reports it. */
export type MetricValueField =
  | 'int_value'
  | 'long_value'
  | 'float_value'
  | 'double_value'
  | 'boolean_value'
  | 'string_value'
  | 'bytes_value'
  | 'dataset_value'
  | 'template_value'
  | 'extension_value';

export interface Metric {
  name?: string;
  alias?: bigint;
  timestamp?: bigint;
  datatype?: number;
  is_historical?: boolean;
  is_transient?: boolean;
  is_null?: boolean;
  metadata?: Record<string, unknown>;
  properties?: PropertySet;
  int_value?: number;
  long_value?: bigint;
  float_value?: number;
  double_value?: number;
  boolean_value?: boolean;
  string_value?: string;
  bytes_value?: Uint8Array;
  dataset_value?: Record<string, unknown>;
  template_value?: Record<string, unknown>;
  extension_value?: Record<string, unknown>;
  /** The oneof discriminator: names the value field that is set, if any. */
  value?: MetricValueField;
}

export interface Payload {
  timestamp?: bigint;
  metrics: Metric[];
  seq?: bigint;
  uuid?: string;
  body?: Uint8Array;
}

/** What encode accepts: 64-bit fields as number or bigint, everything optional. */
export type MetricInput = Omit<Metric, 'alias' | 'timestamp' | 'long_value' | 'value'> & {
  alias?: number | bigint;
  timestamp?: number | bigint;
  long_value?: number | bigint;
};

export interface PayloadInput {
  timestamp?: number | bigint;
  metrics?: MetricInput[];
  seq?: number | bigint;
  uuid?: string;
  body?: Uint8Array;
}

const root = protobuf.parse(PROTO, { keepCase: true }).root;
const PayloadType = root.lookupType('org.eclipse.tahu.protobuf.Payload');

const TO_OBJECT: protobuf.IConversionOptions = { longs: BigInt, oneofs: true };

/**
 * Decodes a Sparkplug B payload. Throws the codec's error on bytes that are not a valid
 * Payload (truncated, wrong wire types, nesting deeper than protobufjs's recursion limit).
 */
export function decodeSparkplugPayload(bytes: Uint8Array): Payload {
  const message = PayloadType.decode(bytes);
  const plain = PayloadType.toObject(message, TO_OBJECT) as Omit<Payload, 'metrics'> & { metrics?: Metric[] };
  return { ...plain, metrics: plain.metrics ?? [] };
}

/**
 * Encodes a Sparkplug B payload: for the NCMD commands we publish, and for tests. Input is our
 * own and typed, so fromObject's coercion is enough; a failure is a programming error.
 */
export function encodeSparkplugPayload(input: PayloadInput): Uint8Array {
  try {
    return PayloadType.encode(PayloadType.fromObject(input as Record<string, unknown>)).finish();
  } catch (err) {
    throw new EngineError('BAD_REQUEST', `cannot encode a Sparkplug B payload: ${(err as Error).message}`);
  }
}
