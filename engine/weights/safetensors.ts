// safetensors header parsing with full validation: 8-byte little-endian header length, JSON header,
// then raw tensor data. Every problem is reported with the file (and tensor) name.
import { CheckpointError } from '../../common/errors';
import type { ByteSource } from './byte-source';

export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

const DTYPE_SIZES: Record<string, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E4M3: 1, F8_E5M2: 1, E8M0: 1,
  I16: 2, U16: 2, F16: 2, BF16: 2,
  I32: 4, U32: 4, F32: 4,
  I64: 8, U64: 8, F64: 8,
};

export interface TensorInfo {
  name: string;
  dtype: string;
  shape: number[];
  source: ByteSource;
  /** Absolute byte offset of the tensor's data in `source`. */
  offset: number;
  byteLength: number;
}

export async function readSafetensorsHeader(source: ByteSource): Promise<Map<string, TensorInfo>> {
  const where = source.name;
  if (source.size < 8) throw new CheckpointError(`${where}: file is ${source.size} bytes, too short for a safetensors header`);
  const prefix = await source.read(0, 8);
  if (prefix.length < 8) throw new CheckpointError(`${where}: could not read the 8-byte header length`);
  const headerLength = Number(new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true));
  if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES) {
    throw new CheckpointError(`${where}: header length ${headerLength} is outside 1..${MAX_HEADER_BYTES} bytes: not a safetensors file?`);
  }
  if (8 + headerLength > source.size) {
    throw new CheckpointError(`${where}: header of ${headerLength} bytes runs past the end of the ${source.size}-byte file (truncated?)`);
  }
  const headerBytes = await source.read(8, headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (error) {
    throw new CheckpointError(`${where}: header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new CheckpointError(`${where}: header is not a JSON object`);
  }

  const dataStart = 8 + headerLength;
  const dataSize = source.size - dataStart;
  const tensors = new Map<string, TensorInfo>();
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const bad = (why: string): never => {
      throw new CheckpointError(`${where}: tensor "${name}": ${why}`);
    };
    if (typeof entry !== 'object' || entry === null) bad('entry is not an object');
    const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
    if (typeof dtype !== 'string' || !(dtype in DTYPE_SIZES)) bad(`unknown dtype ${JSON.stringify(dtype)}`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) bad(`bad shape ${JSON.stringify(shape)}`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      bad(`bad data_offsets ${JSON.stringify(offsets)}`);
    }
    const [start, end] = offsets as number[];
    const expected = (shape as number[]).reduce((a, b) => a * b, DTYPE_SIZES[dtype as string]);
    if (end - start !== expected) bad(`data_offsets [${start}, ${end}] hold ${end - start} bytes but ${dtype} ${JSON.stringify(shape)} needs ${expected}`);
    if (end > dataSize) bad(`data ends at byte ${end} but the file has only ${dataSize} data bytes (truncated?)`);
    tensors.set(name, { name, dtype: dtype as string, shape: shape as number[], source, offset: dataStart + start, byteLength: expected });
  }

  const sorted = [...tensors.values()].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    if (sorted[i].byteLength > 0 && previous.offset + previous.byteLength > sorted[i].offset) {
      throw new CheckpointError(`${where}: tensors "${previous.name}" and "${sorted[i].name}" overlap`);
    }
  }
  return tensors;
}
