// The benchmark page's worker: acquires this browser's GPU, runs the device benchmark with synthetic weights and
// posts the adapter, progress and the result (bench-protocol.ts). Nothing is downloaded and nothing is stored.
import { describeError } from '../../common/errors';
import { runDeviceBenchmark } from '../../engine/bench/device-benchmark';
import { acquireDevice } from '../../engine/gpu/device';
import type { BenchMessage, BenchRequest } from './bench-protocol';

const post = (message: BenchMessage) => self.postMessage(message);

self.addEventListener('message', async (e: MessageEvent<BenchRequest>) => {
  try {
    const { device, report } = await acquireDevice((self.navigator as Navigator).gpu, { label: 'safeguard-benchmark' });
    post({ kind: 'adapter', adapter: report.adapter, features: report.features });
    const result = await runDeviceBenchmark(device, e.data, (progress) => post({ kind: 'progress', progress }));
    device.destroy();
    post({ kind: 'result', result });
  } catch (error) {
    post({ kind: 'error', error: describeError(error) });
  }
});
