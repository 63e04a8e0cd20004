import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureDir } from '../../testing/fixtures';
import { MemoryByteSource } from './byte-source';
import { openCheckpoint, type CheckpointFolder } from './checkpoint';
import { readSafetensorsHeader } from './safetensors';

function safetensors(header: object, dataBytes: number, headerLengthOverride?: bigint): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, headerLengthOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  return out;
}
const read = (bytes: Uint8Array, name = 'test.safetensors') => readSafetensorsHeader(new MemoryByteSource(name, bytes));

describe('safetensors header', () => {
  it('parses tensors with absolute offsets', async () => {
    const file = safetensors({ __metadata__: { format: 'pt' }, a: { dtype: 'BF16', shape: [2, 3], data_offsets: [0, 12] }, b: { dtype: 'U8', shape: [4], data_offsets: [12, 16] } }, 16);
    const tensors = await read(file);
    expect([...tensors.keys()]).toEqual(['a', 'b']);
    const headerEnd = file.length - 16;
    expect(tensors.get('b')).toMatchObject({ dtype: 'U8', shape: [4], offset: headerEnd + 12, byteLength: 4 });
  });

  it.each([
    ['a tiny file', new Uint8Array(5), /too short/],
    ['an absurd header length', safetensors({}, 0, 1n << 40n), /header length .* outside/],
    ['a header past the end', safetensors({}, 0, 5000n), /runs past the end/],
    ['bad JSON', (() => { const f = safetensors({ a: 1 }, 0); f[9] = 0x7b; f[10] = 0x7b; return f; })(), /not valid UTF-8 JSON/],
    ['an unknown dtype', safetensors({ w: { dtype: 'Q4', shape: [1], data_offsets: [0, 1] } }, 1), /tensor "w": unknown dtype "Q4"/],
    ['a size that does not match the shape', safetensors({ w: { dtype: 'BF16', shape: [4], data_offsets: [0, 6] } }, 6), /tensor "w": .* hold 6 bytes but BF16 \[4\] needs 8/],
    ['data past the end (truncated file)', safetensors({ w: { dtype: 'U8', shape: [64], data_offsets: [0, 64] } }, 10), /tensor "w": data ends at byte 64 .*truncated/],
    ['overlapping tensors', safetensors({ a: { dtype: 'U8', shape: [8], data_offsets: [0, 8] }, b: { dtype: 'U8', shape: [8], data_offsets: [4, 12] } }, 12), /"a" and "b" overlap/],
    ['a negative shape', safetensors({ w: { dtype: 'U8', shape: [-1], data_offsets: [0, 0] } }, 0), /tensor "w": bad shape/],
  ])('rejects %s with a message naming the file', async (_what, bytes, message) => {
    await expect(read(bytes, 'shard-7.safetensors')).rejects.toMatchObject({ name: 'CheckpointError', message: expect.stringMatching(message) });
    await expect(read(bytes, 'shard-7.safetensors')).rejects.toThrow(/shard-7\.safetensors/);
  });
});

describe('checkpoint folder', () => {
  const dir = fixtureDir('tiny-gpt-oss');
  const files: Record<string, Uint8Array> = {
    'config.json': readFileSync(path.join(dir, 'config.json')),
    'model.safetensors': readFileSync(path.join(dir, 'model.safetensors')),
  };
  const folder = (overrides: Record<string, Uint8Array | string | null>): CheckpointFolder => ({
    name: 'mem',
    async readText(file) {
      const v = file in overrides ? overrides[file] : files[file];
      if (v === null || v === undefined) return null;
      return typeof v === 'string' ? v : new TextDecoder().decode(v);
    },
    async open(file) {
      const v = file in overrides ? overrides[file] : files[file];
      if (v === null || v === undefined || typeof v === 'string') throw new Error(`${file}: not found`);
      return new MemoryByteSource(file, v);
    },
  });

  it('opens a single-file checkpoint and validates every tensor', async () => {
    const ckpt = await openCheckpoint(folder({}));
    expect(ckpt.config.numLayers).toBe(4);
    expect(ckpt.tensors.get('model.layers.3.mlp.experts.down_proj_blocks')?.shape).toEqual([8, 192, 3, 16]);
  });

  it('opens a sharded checkpoint through model.safetensors.index.json', async () => {
    // Split the fixture into two shards: tensors of layers 0-1 in one file, the rest in the other.
    const all = await readSafetensorsHeader(new MemoryByteSource('m', files['model.safetensors']));
    const shard = (names: string[]) => {
      let offset = 0;
      const header: Record<string, object> = {};
      const chunks: Uint8Array[] = [];
      for (const n of names) {
        const t = all.get(n)!;
        header[n] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.byteLength] };
        chunks.push(files['model.safetensors'].subarray(t.offset, t.offset + t.byteLength));
        offset += t.byteLength;
      }
      const file = safetensors(header, offset);
      let at = file.length - offset;
      for (const c of chunks) { file.set(c, at); at += c.length; }
      return file;
    };
    const names = [...all.keys()];
    const first = names.filter((n) => /layers\.[01]\./.test(n));
    const second = names.filter((n) => !first.includes(n));
    const weightMap = Object.fromEntries([...first.map((n) => [n, 'model-00001-of-00002.safetensors']), ...second.map((n) => [n, 'model-00002-of-00002.safetensors'])]);
    const ckpt = await openCheckpoint(folder({
      'model.safetensors': null,
      'model.safetensors.index.json': JSON.stringify({ weight_map: weightMap }),
      'model-00001-of-00002.safetensors': shard(first),
      'model-00002-of-00002.safetensors': shard(second),
    }));
    expect(ckpt.tensors.get('model.layers.0.self_attn.sinks')!.source.name).toBe('model-00001-of-00002.safetensors');
    expect(ckpt.tensors.get('lm_head.weight')!.source.name).toBe('model-00002-of-00002.safetensors');
  });

  it('names a missing tensor', async () => {
    const all = await readSafetensorsHeader(new MemoryByteSource('m', files['model.safetensors']));
    const header: Record<string, object> = {};
    let offset = 0;
    for (const [n, t] of all) {
      if (n === 'model.layers.2.self_attn.sinks') continue;
      header[n] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.byteLength] };
      offset += t.byteLength;
    }
    await expect(openCheckpoint(folder({ 'model.safetensors': safetensors(header, offset) }))).rejects.toThrow(/tensor "model.layers.2.self_attn.sinks" is missing/);
  });

  it('names a tensor whose shape disagrees with config.json', async () => {
    const config = JSON.parse(new TextDecoder().decode(files['config.json']));
    await expect(openCheckpoint(folder({ 'config.json': JSON.stringify({ ...config, intermediate_size: 64 }) }))).rejects.toThrow(
      /tensor "model.layers.0.mlp.experts.gate_up_proj_blocks" is U8 \[8,192,6,16\] but config.json implies U8 \[8,128,6,16\]/,
    );
  });

  it('rejects a config that is not JSON, naming the folder', async () => {
    await expect(openCheckpoint(folder({ 'config.json': '{nope' }))).rejects.toThrow(/mem\/config.json is not valid JSON/);
  });
});
