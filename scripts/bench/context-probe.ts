// Checks context sizing on a real GPU: what chooseContext picks for gpt-oss-20b, and that the out-of-memory
// probe says no to an allocation far beyond the device's memory (so the halving can happen at all).
//   node scripts/run-node.mjs scripts/bench/context-probe.ts [--refuse-gib 4096]
import { parseArgs } from 'node:util';
import { parseConfig } from '../../engine/model/config';
import { GPT_OSS_20B } from '../../engine/model/gpt-oss-20b';
import { canAllocate, chooseContext } from '../../engine/runtime/context-size';
import { acquireNodeDevice } from '../../platform/node/node-gpu';

const { values } = parseArgs({ options: { 'refuse-gib': { type: 'string', default: '4096' } } });
const { device, report } = await acquireNodeDevice();
const config = parseConfig(GPT_OSS_20B);
const started = performance.now();
const auto = await chooseContext(device, config, 'auto');
const autoMs = performance.now() - started;
const refuseBytes = Number(values['refuse-gib']) * 2 ** 30;
const tooMuch = await canAllocate(device, refuseBytes);
const capped = await chooseContext(device, config, 16384);
console.log(JSON.stringify({
  adapter: report.adapter,
  maxBufferSize: device.limits.maxBufferSize,
  maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
  auto, autoMs: Math.round(autoMs), capped,
  [`canAllocate_${values['refuse-gib']}GiB`]: tooMuch,
}, null, 1));
device.destroy();
process.exit(tooMuch ? 1 : 0);
