// classifyMany on this machine's GPU: the items held at once share decode passes (continuous batching, see
// engine/runtime/batched-generator.ts), each through the same Classifier as a single item. How many are held
// at once: what the caller asks, or DEFAULT_CONCURRENCY, limited by the GPU's binding size and then by its
// memory: the batch's KV cache is allocated under an out-of-memory scope and halved until it fits.
import { OutOfGpuMemoryError } from '../../common/errors';
import { classifyMany, type ClassifyManyOptions, type ManyOutcome } from '../../classify/classify-many';
import { Classifier } from '../../classify/classifier';
import { pinRequest, type ClassifyInput } from '../../classify/request';
import { BatchedGenerator } from '../../engine/runtime/batched-generator';
import type { Model } from '../../engine/runtime/model';
import { maxSlots } from '../../engine/runtime/sequence-batch';
import type { HarmonyTokenizer } from '../../harmony/tokenizer';

/** Items decoded together when the caller does not say (memory permitting). */
export const DEFAULT_CONCURRENCY = 8;
/** The most a caller may ask for. */
export const MAX_CONCURRENCY = 64;

/** A batch of `wanted` sequences, or of fewer where the GPU cannot hold that many; null when not even one fits. */
export async function openBatch(model: Model, wanted: number): Promise<BatchedGenerator | null> {
  const { device } = model;
  for (let slots = Math.min(wanted, maxSlots(model)); slots >= 1; slots = Math.floor(slots / 2)) {
    device.pushErrorScope('out-of-memory');
    let batch: BatchedGenerator | null = null;
    try {
      batch = new BatchedGenerator(model, { slots });
    } finally {
      const oom = await device.popErrorScope();
      if (oom) {
        void batch?.dispose();
        batch = null;
      }
    }
    if (batch) return batch;
  }
  return null;
}

export async function classifyManyOnGpu(
  model: Model,
  tokenizer: HarmonyTokenizer,
  inputs: readonly ClassifyInput[],
  options: ClassifyManyOptions,
): Promise<ManyOutcome> {
  if (inputs.length === 0) return 'finished';
  const wanted = Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, MAX_CONCURRENCY, inputs.length);
  if (!(Number.isInteger(wanted) && wanted >= 1)) throw new RangeError(`concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${options.concurrency}`);
  const batch = await openBatch(model, wanted);
  if (!batch) throw new OutOfGpuMemoryError('The GPU has no memory left for even one more sequence. Close other GPU-heavy tabs, or load the model with a shorter context.');
  // Every item of a call is pinned to the same date (a run that crosses midnight keeps one prompt).
  const now = new Date();
  try {
    return await classifyMany(inputs, async (input, { signal, onEvent }) => {
      const classifier = new Classifier(batch.take(), tokenizer);
      try {
        return await classifier.classify(pinRequest(input, now), onEvent, signal);
      } finally {
        classifier.dispose();
      }
    }, { ...options, concurrency: batch.slots });
  } finally {
    // The pass run ahead may still be on the GPU: the caller may destroy the model once this returns.
    await batch.dispose();
  }
}
