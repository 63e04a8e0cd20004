// Serialises tensors into the safetensors format (used by the test-model generators).

export interface RawTensor {
  name: string;
  dtype: 'BF16' | 'U8';
  shape: number[];
  data: Uint8Array;
}

export function encodeSafetensors(tensors: RawTensor[]): Uint8Array[] {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.data.length] };
    offset += t.data.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((json.length + 8) % 8)) % 8); // align the data start to 8 bytes
  const head = new Uint8Array(8 + json.length);
  new DataView(head.buffer).setBigUint64(0, BigInt(json.length), true);
  head.set(new TextEncoder().encode(json), 8);
  return [head, ...tensors.map((t) => t.data)];
}
