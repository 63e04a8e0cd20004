// Loads the transformers-made fixtures (engine/testdata) for Node tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { localFolder } from '../platform/node/node-checkpoint';
import { openCheckpoint } from '../engine/weights/checkpoint';
import { Model, type LoadOptions } from '../engine/runtime/model';

export const FIXTURES = ['tiny-gpt-oss', 'gqa8-window16'] as const;
export type FixtureName = (typeof FIXTURES)[number];

export interface Reference {
  input_ids: number[];
  logits: number[][];
  hidden_states_per_layer: number[][][];
  greedy_next_24: number[];
}

export const fixtureDir = (name: FixtureName) => path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'engine', 'testdata', name);

export function loadReference(name: FixtureName): Reference {
  return JSON.parse(readFileSync(path.join(fixtureDir(name), 'reference.json'), 'utf8'));
}

export async function loadFixtureModel(device: GPUDevice, name: FixtureName, options: LoadOptions = {}): Promise<Model> {
  const checkpoint = await openCheckpoint(localFolder(fixtureDir(name)));
  // Small key ranges so decode attention really splits (and combines) on these short sequences.
  return Model.load(device, checkpoint, { maxContext: 256, chunk: 64, logitRows: 64, attentionSplitKeys: 16, ...options });
}

/** ‖a − b‖ / ‖b‖ */
export function relativeL2(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < expected.length; i++) {
    diff += (actual[i] - expected[i]) ** 2;
    norm += expected[i] ** 2;
  }
  return Math.sqrt(diff / norm);
}
