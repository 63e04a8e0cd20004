// Model: the immutable half of the engine: weights on the GPU, compiled kernels and the RoPE table. A run's
// own state (activations, step uniform, KV cache) belongs to a Sequence made from it (`new Sequence(model)`).
import { GpuLimitsError } from '../../common/errors';
import type { GptOssConfig } from '../model/config';
import { capabilitiesOf } from '../gpu/subgroup-layout';
import { createModelKernels, featuresUsed, type ModelKernels } from '../graph/kernel-set';
import type { PlanWeights } from '../graph/forward-plan';
import { DEFAULT_RUNTIME, planMemory, type MemoryPlan, type RuntimeShape } from '../model/memory-plan';
import { ropeTable } from '../model/rope';
import type { Checkpoint } from '../weights/checkpoint';
import { fuseQkv } from '../weights/fuse-qkv';
import { destroyTensor, type GpuTensor, type TensorPart } from '../weights/gpu-tensor';
import { uploadTensors, type UploadProgress } from '../weights/upload';

export interface LoadOptions extends Partial<RuntimeShape> {
  /** Split tensors into parts of at most this many bytes (default: the device's binding limit). */
  maxPartBytes?: number;
  onProgress?: (p: UploadProgress) => void;
  signal?: AbortSignal;
}

function runtimeShape(options: Partial<RuntimeShape>): RuntimeShape {
  return {
    maxContext: options.maxContext ?? DEFAULT_RUNTIME.maxContext,
    chunk: options.chunk ?? DEFAULT_RUNTIME.chunk,
    logitRows: options.logitRows ?? DEFAULT_RUNTIME.logitRows,
    attentionSplitKeys: options.attentionSplitKeys ?? DEFAULT_RUNTIME.attentionSplitKeys,
  };
}

export class Model implements PlanWeights {
  private readonly partUniforms = new Map<TensorPart, GPUBuffer>();
  private destroyed = false;

  private constructor(
    readonly device: GPUDevice,
    readonly config: GptOssConfig,
    readonly shape: RuntimeShape,
    readonly weights: Map<string, GpuTensor>,
    readonly kernels: ModelKernels,
    readonly rope: GPUBuffer,
    /** Bound where a kernel declares a binding the model does not use (lm_head has no bias). */
    readonly empty: GPUBuffer,
  ) {}

  static async load(device: GPUDevice, checkpoint: Checkpoint, options: LoadOptions = {}): Promise<Model> {
    const config = checkpoint.config;
    const shape = runtimeShape(options);
    if (shape.logitRows > shape.chunk) throw new GpuLimitsError(`logitRows ${shape.logitRows} exceeds chunk ${shape.chunk}`);
    const kernels = await createModelKernels(device, config, shape, await capabilitiesOf(device));
    const infos = [...checkpoint.tensors.values()]
      .filter((t) => t.name.startsWith('model.') || t.name === 'lm_head.weight')
      // In file order: chunked sources (the IndexedDB cache) then read each chunk once.
      .sort((a, b) => a.source.name.localeCompare(b.source.name) || a.offset - b.offset);
    const weights = await uploadTensors(device, infos, options);
    return Model.assemble(device, config, shape, weights, kernels, options.maxPartBytes);
  }

  /** Builds a model around weights already on the GPU (e.g. synthetic weights for the benchmark). */
  static async fromGpuWeights(device: GPUDevice, config: GptOssConfig, weights: Map<string, GpuTensor>, shape: Partial<RuntimeShape> = {}) {
    const full = runtimeShape(shape);
    const kernels = await createModelKernels(device, config, full, await capabilitiesOf(device));
    return Model.assemble(device, config, full, weights, kernels);
  }

  private static assemble(device: GPUDevice, config: GptOssConfig, shape: RuntimeShape, weights: Map<string, GpuTensor>, kernels: ModelKernels, maxPartBytes?: number) {
    fuseQkv(device, weights, config.numLayers, maxPartBytes ?? device.limits.maxStorageBufferBindingSize);
    const table = ropeTable(config.rope, config.headDim, shape.maxContext);
    const rope = device.createBuffer({ label: 'rope-table', size: table.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(rope, 0, table);
    const empty = device.createBuffer({ label: 'empty', size: 16, usage: GPUBufferUsage.STORAGE });
    return new Model(device, config, shape, weights, kernels, rope, empty);
  }

  /** Device features the compiled kernels use. */
  get featuresUsed(): GPUFeatureName[] {
    return featuresUsed(this.kernels);
  }

  get memoryPlan(): MemoryPlan {
    return planMemory(this.config, this.shape);
  }

  tensor(name: string): GpuTensor {
    const t = this.weights.get(name);
    if (!t) throw new Error(`weight ${name} is not loaded`);
    return t;
  }

  /** The single buffer of a small tensor (norms, biases, sinks are never split). */
  whole(name: string): GPUBuffer {
    const t = this.tensor(name);
    if (t.parts.length !== 1) throw new GpuLimitsError(`tensor ${name} was split into ${t.parts.length} parts but must fit one binding`);
    return t.parts[0].buffer;
  }

  /** Uniform {first, count} describing one part (created once, reused by every context). */
  partUniform(part: TensorPart): GPUBuffer {
    let buffer = this.partUniforms.get(part);
    if (!buffer) {
      buffer = this.device.createBuffer({ label: 'part', size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
      this.device.queue.writeBuffer(buffer, 0, new Uint32Array([part.first, part.count, 0, 0]));
      this.partUniforms.set(part, buffer);
    }
    return buffer;
  }

  get isDestroyed() {
    return this.destroyed;
  }

  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const t of this.weights.values()) destroyTensor(t);
    for (const b of [...this.partUniforms.values(), this.rope, this.empty]) b.destroy();
  }
}
