import type { DeviceProbe } from '../../../backends/local-webgpu/local-backend';

const MiB = 1024 * 1024;
const formatBytes = (bytes: number) => (bytes >= 1024 * MiB ? `${(bytes / 1024 / MiB).toFixed(2)} GiB` : `${Math.round(bytes / MiB)} MiB`);

/** `featuresUsed`: what the loaded model's kernels use (null before a model is loaded). */
export function DeviceReportPanel({ probe, featuresUsed }: { probe: DeviceProbe; featuresUsed: string[] | null }) {
  const { report, selfTest } = probe;
  const passed = selfTest.mismatches === 0;
  return (
    <section className="device-report" aria-label="GPU device report">
      <h2>GPU</h2>
      <dl>
        <dt>WebGPU</dt>
        <dd data-testid="webgpu-status">available</dd>
        <dt>Adapter</dt>
        <dd data-testid="adapter">
          {report.adapter.vendor} · {report.adapter.architecture}
          {report.adapter.description && ` · ${report.adapter.description}`}
          {report.adapter.isFallbackAdapter && ' (software renderer: far too slow for the 20b model)'}
        </dd>
        <dt>Largest buffer</dt>
        <dd data-testid="max-buffer">{formatBytes(report.limits.maxBufferSize)}</dd>
        <dt>Largest storage binding</dt>
        <dd data-testid="max-binding">{formatBytes(report.limits.maxStorageBufferBindingSize)}</dd>
        <dt>Workgroup memory</dt>
        <dd>{report.limits.maxComputeWorkgroupStorageSize / 1024} KiB</dd>
        <dt>Optional features</dt>
        <dd data-testid="features-offered">{report.features.length ? report.features.join(', ') : 'none'}</dd>
        <dt>Used by the kernels</dt>
        <dd data-testid="features">
          {featuresUsed === null ? 'known once a model is loaded' : featuresUsed.length ? featuresUsed.join(', ') : 'none (plain f32 kernels)'}
        </dd>
        <dt>Shader self-test</dt>
        <dd
          data-testid="self-test"
          data-count={selfTest.count}
          data-mismatches={selfTest.mismatches}
          data-checksum={selfTest.checksum}
          className={passed ? 'ok' : 'bad'}
        >
          {passed
            ? `passed: ${selfTest.count.toLocaleString()} values computed on the GPU match the CPU`
            : `FAILED: ${selfTest.mismatches} of ${selfTest.count} values differ from the CPU`}{' '}
          ({selfTest.milliseconds.toFixed(1)} ms)
        </dd>
      </dl>
    </section>
  );
}
