// Context sizing: the model's maximum when it fits, halving by memory (probe) or buffer limits, the user's cap
// respected, and a clear error when not even the smallest context fits. Sizes come from the real 20b config.
import { expect, test } from 'vitest';
import { parseConfig } from '../model/config';
import { GPT_OSS_20B } from '../model/gpt-oss-20b';
import { planMemory, DEFAULT_RUNTIME } from '../model/memory-plan';
import { chooseContext, contextCandidates } from './context-size';

const config20b = parseConfig(GPT_OSS_20B);
const GiB = 2 ** 30;
const device = (limits: { maxBufferSize: number; maxStorageBufferBindingSize: number }) => ({ limits }) as unknown as GPUDevice;
const bytesAt = (maxContext: number) => planMemory(config20b, { ...DEFAULT_RUNTIME, maxContext }).total;

test('the 20b model gets its whole 131,072-token context when the GPU holds it', async () => {
  const choice = await chooseContext(device({ maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 4 * GiB }), config20b, 'auto', async () => true);
  expect(choice).toEqual({ maxContext: 131072, limitedBy: null });
});

test('with less free memory the context halves until the plan (plus headroom) fits', async () => {
  const free = bytesAt(32768) * 1.2; // room for 32k, not for 64k
  const tried: number[] = [];
  const choice = await chooseContext(device({ maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 4 * GiB }), config20b, 'auto', async (_d, bytes) => {
    tried.push(bytes);
    return bytes <= free;
  });
  expect(choice).toEqual({ maxContext: 32768, limitedBy: 'memory' });
  expect(tried).toHaveLength(3); // 131072, 65536, 32768
});

test("a 128 MiB binding limit (WebGPU's default) caps the context by the largest KV or scratch buffer", () => {
  const candidates = contextCandidates(config20b, { maxBufferSize: 256 * 2 ** 20, maxStorageBufferBindingSize: 128 * 2 ** 20 }, 131072);
  // At 64k a full layer's K is 65536·8·64·4 B = 128 MiB (fits), but the decode attention partials are
  // 4·64·(65536/32)·66·4 B = 138.4 MB > 128 MiB: 32k is the largest context whose buffers all bind.
  expect(candidates[0]).toBe(32768);
  expect(candidates.at(-1)).toBe(4096);
});

test("the user's cap is kept and reported; a cap that is not a power of two is tried first", async () => {
  const big = device({ maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 4 * GiB });
  expect(await chooseContext(big, config20b, 16384, async () => true)).toEqual({ maxContext: 16384, limitedBy: 'setting' });
  expect(contextCandidates(config20b, big.limits, 100000).slice(0, 3)).toEqual([100000, 65536, 32768]);
});

test('when nothing fits, the error says how much the smallest context needs', async () => {
  await expect(chooseContext(device({ maxBufferSize: 4 * GiB, maxStorageBufferBindingSize: 4 * GiB }), config20b, 'auto', async () => false)).rejects.toMatchObject({
    name: 'OutOfGpuMemoryError',
    message: expect.stringMatching(/even a 4096-token context \(about 1[34]\.\d GB\)/),
  });
});
