// The device's read bandwidth, measured the way probe-bandwidth.mjs does: a streaming kernel XOR-reducing a
// large buffer. The benchmark prints its decode figures as a fraction of this.
import { keepAlive } from '../gpu/keep-alive';

const CODE = `
@group(0) @binding(0) var<storage, read> a: array<vec4<u32>>;
@group(0) @binding(1) var<storage, read_write> o: array<u32>;
@compute @workgroup_size(256) fn main(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let stride = nw.x * 256u;
  var acc = vec4<u32>(0u);
  for (var i = g.x; i < arrayLength(&a); i += stride) { acc ^= a[i]; }
  o[g.x] = acc.x ^ acc.y ^ acc.z ^ acc.w;
}`;

/** Bytes per second read from `source` (any large storage buffer; its contents are only read). */
export async function readBandwidth(device: GPUDevice, source: GPUBuffer, repeats = 20): Promise<number> {
  // Enough workgroups to fill a large GPU, and no more than a small buffer needs (each lane reads ≥ 4 vectors).
  const workgroups = Math.min(16384, Math.max(1, Math.ceil(source.size / (16 * 256 * 4))));
  const out = device.createBuffer({ size: workgroups * 256 * 4, usage: GPUBufferUsage.STORAGE });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: CODE }), entryPoint: 'main' } });
  const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: source } }, { binding: 1, resource: { buffer: out } }] });
  const run = (times: number) => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    for (let i = 0; i < times; i++) pass.dispatchWorkgroups(workgroups);
    pass.end();
    device.queue.submit([encoder.finish()]);
    return keepAlive(device.queue.onSubmittedWorkDone());
  };
  // The GPU clocks up under load: warm up, then keep the best of three timings.
  await run(repeats);
  let best = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await run(repeats);
    best = Math.max(best, (Math.floor(source.size / 16) * 16 * repeats) / ((performance.now() - t) / 1000));
  }
  out.destroy();
  return best;
}
