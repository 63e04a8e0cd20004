// What to do when the GPU cannot be used, by error name (see workers/engine/errors.ts).

export const WEBGPU_BROWSERS =
  'Chrome or Edge 113+ on Windows, macOS and ChromeOS, Chrome 144+ on Linux, Safari 26, or Firefox 141+ on Windows';

export function GpuProblem({ name, message }: { name: string; message: string }) {
  return (
    <section className="problem" role="alert" data-error={name}>
      {name === 'WebGpuUnavailableError' && (
        <>
          <h2>This browser has no WebGPU</h2>
          <p>
            Safeguard runs the model on your GPU through WebGPU. Open this page in {WEBGPU_BROWSERS}. If your browser
            is recent enough, check that WebGPU is not switched off (chrome://flags/#enable-unsafe-webgpu on Linux,
            or your organisation's policy).
          </p>
        </>
      )}
      {name === 'NoGpuAdapterError' && (
        <>
          <h2>WebGPU found no usable GPU</h2>
          <p>
            The browser supports WebGPU but did not hand out a GPU adapter. Update your graphics driver, check
            chrome://gpu for a blocklisted GPU, and on Linux enable chrome://flags/#enable-unsafe-webgpu and
            chrome://flags/#enable-vulkan. Supported browsers: {WEBGPU_BROWSERS}.
          </p>
        </>
      )}
      {name !== 'WebGpuUnavailableError' && name !== 'NoGpuAdapterError' && (
        <>
          <h2>The GPU check failed</h2>
          <p>Reload the page to try again. If it keeps failing, update your browser and graphics driver.</p>
        </>
      )}
      <p className="detail">
        Details: <code>{name}</code>: {message}
      </p>
    </section>
  );
}
