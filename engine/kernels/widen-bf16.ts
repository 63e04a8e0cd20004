import code from './widen-bf16.wgsl?raw';
import { createComputePipeline, createStorage, readBack, uploadStorage } from '../gpu/buffers';

const WORKGROUP_SIZE = 64;

/** Widens `bits` (bf16 bit patterns) to f32 on the GPU and returns the result. */
export async function widenBf16OnGpu(device: GPUDevice, bits: Uint16Array): Promise<Float32Array> {
  const count = bits.length;
  const pipeline = await createComputePipeline(device, 'widen-bf16', code);
  const params = device.createBuffer({ label: 'widen-bf16 params', size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(params, 0, new Uint32Array([count, 0, 0, 0]));
  const input = uploadStorage(device, bits, 'widen-bf16 input');
  const output = createStorage(device, count * 4, 'widen-bf16 output');
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: params } },
      { binding: 1, resource: { buffer: input } },
      { binding: 2, resource: { buffer: output } },
    ],
  });
  const encoder = device.createCommandEncoder({ label: 'widen-bf16' });
  const pass = encoder.beginComputePass({ label: 'widen-bf16' });
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(Math.ceil(Math.ceil(count / 2) / WORKGROUP_SIZE));
  pass.end();
  device.queue.submit([encoder.finish()]);
  const result = new Float32Array(await readBack(device, output, count * 4));
  for (const b of [params, input, output]) b.destroy();
  return result;
}
