// gpt-oss weights of any config, generated on the GPU in the checkpoint's layout and dtypes (bf16 pairs,
// MXFP4 blocks, E8M0 scales), split for the device's binding limit exactly as a real load is.
import code from '../kernels/fill-random.wgsl?raw';
import { createComputePipeline } from '../gpu/buffers';
import { grid2d } from '../gpu/kernel-spec';
import { keepAlive } from '../gpu/keep-alive';
import type { GptOssConfig } from '../model/config';
import { allTensorSpecs, tensorBytes } from '../model/tensors';
import { createTensorBuffers, planCheckpointParts, type GpuTensor } from '../weights/gpu-tensor';

export async function syntheticWeights(device: GPUDevice, config: GptOssConfig): Promise<Map<string, GpuTensor>> {
  const pipeline = await createComputePipeline(device, 'fill-random', code);
  const maxPart = device.limits.maxStorageBufferBindingSize;
  const specs = allTensorSpecs(config);
  const allPlans = planCheckpointParts(specs.map((s) => ({ ...s, byteLength: tensorBytes(s) })), maxPart);
  const weights = new Map<string, GpuTensor>();
  let seed = 1;
  for (const spec of specs) {
    const tensor = createTensorBuffers(device, spec.name, spec.dtype, spec.shape, allPlans.get(spec.name)!);
    weights.set(spec.name, tensor);
    const isNorm = spec.name.endsWith('layernorm.weight') || spec.name === 'model.norm.weight';
    const [mode, scale, lo, span] = spec.dtype === 'BF16' ? [0, isNorm ? 1 : 0.03, 0, 1] : spec.name.endsWith('_scales') ? [1, 0, 118, 4] : [1, 0, 0, 256];
    for (const part of tensor.parts) {
      const words = part.buffer.size / 4;
      const params = device.createBuffer({ size: 32, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
      const f = new DataView(new ArrayBuffer(32));
      f.setUint32(0, mode, true); f.setUint32(4, seed++ * 7919, true); f.setFloat32(8, scale, true);
      f.setUint32(12, lo, true); f.setUint32(16, span, true); f.setUint32(20, words, true);
      device.queue.writeBuffer(params, 0, f.buffer);
      const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: params } }, { binding: 1, resource: { buffer: part.buffer } }] });
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, group);
      const [x, y] = grid2d(Math.ceil(words / 256));
      pass.dispatchWorkgroups(x, y);
      pass.end();
      device.queue.submit([encoder.finish()]);
      params.destroy();
    }
  }
  await keepAlive(device.queue.onSubmittedWorkDone());
  return weights;
}
