// A model with synthetic weights for the benchmark, as deep as the GPU (or the user's memory budget) allows.
import { OutOfGpuMemoryError } from '../../common/errors';
import { parseConfig } from '../model/config';
import type { RuntimeShape } from '../model/memory-plan';
import { canAllocate } from '../runtime/context-size';
import { Model } from '../runtime/model';
import { depthCandidates, layerBytes, withLayers, type RawConfig } from './bench-shapes';
import { syntheticWeights } from './synthetic-weights';

/** Room kept above the plan while probing (the q/k/v stacking briefly holds both copies of a layer's matrices). */
const HEADROOM = 1.1;

/** The deepest model within `budget` bytes that the device can allocate now. */
export async function fitLayers(device: GPUDevice, raw: RawConfig, runtime: Partial<RuntimeShape>, budget: number, probe = canAllocate): Promise<number> {
  for (const layers of depthCandidates(raw.num_hidden_layers)) {
    const bytes = layerBytes(raw, layers, runtime);
    if (bytes <= budget && (await probe(device, bytes * HEADROOM))) return layers;
  }
  const one = (layerBytes(raw, 1, runtime) / 1e9).toFixed(2);
  throw new OutOfGpuMemoryError(`Even one layer of the model (${one} GB with its embedding and lm_head) does not fit this GPU's free memory${Number.isFinite(budget) ? ' or the memory budget' : ''}: close other GPU-heavy tabs or apps and run it again.`);
}

/** Synthetic weights of the first `layers` layers and a model around them (under an out-of-memory scope). */
export async function loadSyntheticModel(device: GPUDevice, raw: RawConfig, layers: number, runtime: Partial<RuntimeShape>): Promise<Model> {
  const config = parseConfig(withLayers(raw, layers));
  device.pushErrorScope('out-of-memory');
  const weights = await syntheticWeights(device, config);
  const model = await Model.fromGpuWeights(device, config, weights, runtime);
  if (await device.popErrorScope()) {
    model.destroy();
    throw new OutOfGpuMemoryError(`The GPU ran out of memory for ${layers} layers of synthetic weights (${(layerBytes(raw, layers, runtime) / 1e9).toFixed(1)} GB): close other GPU-heavy tabs or apps, or set a lower memory budget.`);
  }
  return model;
}
