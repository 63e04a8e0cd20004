// Whether the subgroup kernels may run on a device. They sum over runs of consecutive invocations with
// subgroup shuffles, which is right only where each subgroup is a run of consecutive local invocation indices
// (true on the GPUs we know, but not promised by WebGPU): a one-workgroup probe checks that before any kernel
// relies on it, and the kernels use the adapter's smallest subgroup size, as a pipeline may be given any size
// between the smallest and the largest.
import type { Capabilities } from './capabilities';

const PROBE_INVOCATIONS = 256;

const probeWgsl = `enable subgroups;
@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(${PROBE_INVOCATIONS})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(subgroup_size) size: u32,
        @builtin(subgroup_invocation_id) id: u32) {
  out[3u * lid] = size;
  out[3u * lid + 1u] = id;
  out[3u * lid + 2u] = subgroupShuffleXor(lid, 1u);
}`;

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

/** True when every subgroup of the probe is a run of `size` consecutive invocations, shuffles included. */
export function consecutiveSubgroups(readBack: Uint32Array, invocations: number): boolean {
  for (let lid = 0; lid < invocations; lid++) {
    const [size, id, partner] = [readBack[3 * lid], readBack[3 * lid + 1], readBack[3 * lid + 2]];
    if (!isPowerOfTwo(size) || size < 2 || id !== lid % size || partner !== (lid ^ 1)) return false;
  }
  return true;
}

async function probeLayout(device: GPUDevice): Promise<Uint32Array> {
  const bytes = PROBE_INVOCATIONS * 12;
  const out = device.createBuffer({ label: 'subgroup-probe', size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const read = device.createBuffer({ label: 'subgroup-probe-read', size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module: device.createShaderModule({ code: probeWgsl }), entryPoint: 'main' } });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: out } }] }));
  pass.dispatchWorkgroups(1);
  pass.end();
  encoder.copyBufferToBuffer(out, 0, read, 0, bytes);
  device.queue.submit([encoder.finish()]);
  try {
    await read.mapAsync(GPUMapMode.READ);
    return new Uint32Array(read.getMappedRange().slice(0));
  } finally {
    out.destroy();
    read.destroy();
  }
}

const probed = new WeakMap<GPUDevice, Promise<Capabilities>>();

/** The device's capabilities, the subgroup layout probed once per device. */
export function capabilitiesOf(device: GPUDevice): Promise<Capabilities> {
  let caps = probed.get(device);
  if (!caps) probed.set(device, (caps = probe(device)));
  return caps;
}

async function probe(device: GPUDevice): Promise<Capabilities> {
  const shaderF16 = device.features.has('shader-f16');
  if (!device.features.has('subgroups')) return { subgroupLanes: 0, shaderF16 };
  // Without the adapter's smallest size a kernel could get smaller subgroups than the probe saw: no subgroups.
  const smallest = (device as GPUDevice & { adapterInfo?: { subgroupMinSize?: number } }).adapterInfo?.subgroupMinSize;
  if (!smallest || !isPowerOfTwo(smallest) || smallest < 2) return { subgroupLanes: 0, shaderF16 };
  const layout = await probeLayout(device).catch(() => undefined);
  if (!layout || !consecutiveSubgroups(layout, PROBE_INVOCATIONS)) return { subgroupLanes: 0, shaderF16 };
  return { subgroupLanes: Math.min(layout[0], smallest), shaderF16 };
}
