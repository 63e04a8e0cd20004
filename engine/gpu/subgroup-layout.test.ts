// The subgroup kernels run only where subgroups are runs of consecutive invocations: the probe's verdict on
// made-up layouts, and on the device the tests run on (SwiftShader: 4-lane subgroups).
import { expect, test } from 'vitest';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import { capabilitiesOf, consecutiveSubgroups } from './subgroup-layout';

/** A probe read-back: (size, id, partner) per invocation. */
function layout(invocations: number, size: (lid: number) => number, id: (lid: number) => number, partner = (lid: number) => lid ^ 1) {
  const out = new Uint32Array(3 * invocations);
  for (let lid = 0; lid < invocations; lid++) out.set([size(lid), id(lid), partner(lid)], 3 * lid);
  return out;
}

test('consecutive runs of a power-of-two size pass; anything else is refused', () => {
  expect(consecutiveSubgroups(layout(64, () => 32, (l) => l % 32), 64)).toBe(true);
  expect(consecutiveSubgroups(layout(64, () => 4, (l) => l % 4), 64)).toBe(true);
  // Interleaved: lane ids that do not follow the invocation index.
  expect(consecutiveSubgroups(layout(64, () => 32, (l) => (l % 2) * 16 + Math.floor(l / 2) % 16), 64)).toBe(false);
  expect(consecutiveSubgroups(layout(64, () => 24, (l) => l % 24), 64)).toBe(false);
  expect(consecutiveSubgroups(layout(64, () => 1, () => 0), 64)).toBe(false);
  // A shuffle that did not reach the partner lane.
  expect(consecutiveSubgroups(layout(64, () => 32, (l) => l % 32, (l) => l), 64)).toBe(false);
});

test('the probe on this device finds runs of lanes, once per device', async () => {
  const gpu = await acquireNodeDevice();
  try {
    const caps = await capabilitiesOf(gpu.device);
    expect(gpu.device.features.has('subgroups')).toBe(true);
    expect(caps.subgroupLanes).toBeGreaterThanOrEqual(2);
    expect(caps.subgroupLanes & (caps.subgroupLanes - 1)).toBe(0);
    expect(capabilitiesOf(gpu.device)).toBe(capabilitiesOf(gpu.device));
  } finally {
    gpu.device.destroy();
  }
});
