// Whether the subgroup kernels may run on a device. They sum over runs of consecutive invocations with
// subgroup shuffles, which is right only where each subgroup is a run of consecutive local invocation indices
// (true on the GPUs we know, but not promised by WebGPU): a one-workgroup probe checks that before any kernel
// relies on it, and the kernels use the adapter's smallest subgroup size, as a pipeline may be given any size
// between the smallest and the largest.
import type { Capabilities } from './capabilities';
import { keepsHalfSubnormals } from './half-subnormals';
import { runProbe } from './run-probe';

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
  return new Uint32Array(await runProbe(device, 'subgroup-probe', probeWgsl, PROBE_INVOCATIONS * 12));
}

const probed = new WeakMap<GPUDevice, Promise<Capabilities>>();

/** The device's capabilities, the subgroup layout and f16 subnormals probed once per device. */
export function capabilitiesOf(device: GPUDevice): Promise<Capabilities> {
  let caps = probed.get(device);
  if (!caps) probed.set(device, (caps = probe(device)));
  return caps;
}

async function probe(device: GPUDevice): Promise<Capabilities> {
  return { subgroupLanes: await subgroupLanes(device), shaderF16: device.features.has('shader-f16'), f16Subnormals: await keepsHalfSubnormals(device) };
}

async function subgroupLanes(device: GPUDevice): Promise<number> {
  if (!device.features.has('subgroups')) return 0;
  // Without the adapter's smallest size a kernel could get smaller subgroups than the probe saw: no subgroups.
  const smallest = (device as GPUDevice & { adapterInfo?: { subgroupMinSize?: number } }).adapterInfo?.subgroupMinSize;
  if (!smallest || !isPowerOfTwo(smallest) || smallest < 2) return 0;
  const layout = await probeLayout(device).catch(() => undefined);
  if (!layout || !consecutiveSubgroups(layout, PROBE_INVOCATIONS)) return 0;
  return Math.min(layout[0], smallest);
}
