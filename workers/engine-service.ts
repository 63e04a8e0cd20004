// The engine service living in the Web Worker. It owns the GPU device; the UI reaches it only through
// Comlink (see engine.worker.ts). Errors keep their stable `name` across the boundary.
import { acquireDevice, type AcquiredDevice, type DeviceReport } from './engine/gpu/device';
import { runSelfTest, type SelfTestResult } from './engine/gpu/self-test';

export interface DeviceProbe {
  report: DeviceReport;
  selfTest: SelfTestResult;
}

export interface EngineService {
  /** Acquires the GPU (once) and runs the shader self-test on it. */
  probeDevice(): Promise<DeviceProbe>;
}

export function createEngineService(gpu: GPU | undefined): EngineService {
  let acquired: Promise<AcquiredDevice> | null = null;

  function device(): Promise<AcquiredDevice> {
    if (!acquired) {
      acquired = acquireDevice(gpu, { label: 'safeguard-worker' });
      acquired.then(
        ({ device }) =>
          device.lost.then(() => {
            acquired = null; // the next call acquires a fresh device
          }),
        () => {
          acquired = null; // let a later call retry (e.g. after the user enables WebGPU)
        },
      );
    }
    return acquired;
  }

  return {
    async probeDevice() {
      const { device: gpuDevice, report } = await device();
      const selfTest = await runSelfTest(gpuDevice);
      return { report, selfTest };
    },
  };
}
