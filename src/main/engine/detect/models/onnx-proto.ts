// The part of the ONNX model format (onnx.proto, proto2, IR version 8) that Watchfloor writes:
// models, graphs, nodes, attributes, tensors and value types. Field names and numbers follow
// the ONNX specification (github.com/onnx/onnx, docs/IR.md; MIT licence, ONNX Project
// Contributors); unused messages and fields are left out, which the wire format allows. The
// schema is parsed once at load, like the Sparkplug one, so there is no generated code.
import protobuf from 'protobufjs';

const PROTO = `
syntax = "proto2";
package onnx;

message AttributeProto {
  enum AttributeType { UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5;
    FLOATS = 6; INTS = 7; STRINGS = 8; TENSORS = 9; GRAPHS = 10; }
  optional string name = 1;
  optional string doc_string = 13;
  optional AttributeType type = 20;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  optional TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
}

message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
  optional string doc_string = 3;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  optional string domain = 7;
  repeated AttributeProto attribute = 5;
  optional string doc_string = 6;
}

message ModelProto {
  optional int64 ir_version = 1;
  repeated OperatorSetIdProto opset_import = 8;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string domain = 4;
  optional int64 model_version = 5;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
  repeated StringStringEntryProto metadata_props = 14;
}

message StringStringEntryProto {
  optional string key = 1;
  optional string value = 2;
}

message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  optional string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated ValueInfoProto value_info = 13;
}

message TensorProto {
  enum DataType { UNDEFINED = 0; FLOAT = 1; UINT8 = 2; INT8 = 3; UINT16 = 4; INT16 = 5; INT32 = 6;
    INT64 = 7; STRING = 8; BOOL = 9; FLOAT16 = 10; DOUBLE = 11; UINT32 = 12; UINT64 = 13; }
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  repeated float float_data = 4 [packed = true];
  repeated int64 int64_data = 7 [packed = true];
  optional string name = 8;
  optional string doc_string = 12;
  optional bytes raw_data = 9;
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
}

message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}
`;

const root = protobuf.parse(PROTO, { keepCase: true }).root;
const ModelProto = root.lookupType('onnx.ModelProto');

export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;
export const ONNX_IR_VERSION = 8;
/** The default-domain operator set the exported graphs use (ReduceSum takes axes as an input). */
export const ONNX_OPSET = 13;

export interface TensorInit {
  name: string;
  dims: number[];
  data_type: number;
  raw_data: Uint8Array;
}

export interface NodeInit {
  op_type: string;
  input: string[];
  output: string[];
  name?: string;
  attribute?: { name: string; type: number; i?: number }[];
}

/** A dimension is a fixed size or a symbolic name ("batch"). */
export type Dim = number | string;

export interface ValueInit {
  name: string;
  elemType: number;
  shape: Dim[];
}

export interface ModelInit {
  graphName: string;
  docString: string;
  producerVersion: string;
  nodes: NodeInit[];
  initializers: TensorInit[];
  inputs: ValueInit[];
  outputs: ValueInit[];
  metadata: Record<string, string>;
}

export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): TensorInit {
  const data = Float32Array.from(values);
  return { name, dims, data_type: ONNX_FLOAT, raw_data: littleEndianBytes(data) };
}

export function int64Tensor(name: string, dims: number[], values: readonly number[]): TensorInit {
  const data = BigInt64Array.from(values.map((v) => BigInt(v)));
  return { name, dims, data_type: ONNX_INT64, raw_data: littleEndianBytes(data) };
}

/** raw_data is little-endian by the specification; so is every platform Node runs on, but say so. */
function littleEndianBytes(data: Float32Array | BigInt64Array): Uint8Array {
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  if (data instanceof Float32Array) data.forEach((v, i) => view.setFloat32(i * 4, v, true));
  else data.forEach((v, i) => view.setBigInt64(i * 8, v, true));
  return out;
}

function valueInfo(v: ValueInit) {
  return {
    name: v.name,
    type: {
      tensor_type: {
        elem_type: v.elemType,
        shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

/** Serializes a model to the bytes of an .onnx file. */
export function encodeModel(m: ModelInit): Uint8Array {
  const message = ModelProto.fromObject({
    ir_version: ONNX_IR_VERSION,
    opset_import: [{ domain: '', version: ONNX_OPSET }],
    producer_name: 'watchfloor',
    producer_version: m.producerVersion,
    doc_string: m.docString,
    graph: {
      name: m.graphName,
      node: m.nodes.map((n, i) => ({ name: n.name ?? `${n.op_type}_${i}`, domain: '', ...n })),
      initializer: m.initializers,
      input: m.inputs.map(valueInfo),
      output: m.outputs.map(valueInfo),
    },
    metadata_props: Object.entries(m.metadata).map(([key, value]) => ({ key, value })),
  });
  return ModelProto.encode(message).finish();
}

/** Reads back the metadata of a model file (tests, and the registry's own sanity checks). */
export function decodeModelMetadata(bytes: Uint8Array): Record<string, string> {
  const m = ModelProto.toObject(ModelProto.decode(bytes), { defaults: false }) as {
    metadata_props?: { key: string; value: string }[];
  };
  return Object.fromEntries((m.metadata_props ?? []).map((p) => [p.key, p.value]));
}
