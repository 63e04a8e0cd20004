// A GPU wrapper for tests that need to act at the moment the engine allocates (e.g. memory taken by someone else).
/** The GPU as it is, except that `hook` runs on the real device before each buffer the engine creates (with its
 *  descriptor), and `created` sees the buffer (its destroy() counted) after. */
export function withCreateBufferHook(
  gpu: GPU,
  hook: (device: GPUDevice, descriptor: GPUBufferDescriptor) => void,
  created: (buffer: GPUBuffer, destroyed: () => boolean) => void = () => {},
): GPU {
  const pass = <T extends object>(target: T, override: Partial<Record<PropertyKey, unknown>>) => new Proxy(target, {
    get: (t, key) => (key in override ? override[key] : typeof Reflect.get(t, key) === 'function' ? (Reflect.get(t, key) as (...a: unknown[]) => unknown).bind(t) : Reflect.get(t, key)),
  });
  return pass(gpu, {
    requestAdapter: async (options?: GPURequestAdapterOptions) => {
      const adapter = await gpu.requestAdapter(options);
      return adapter && pass(adapter, {
        requestDevice: async (descriptor?: GPUDeviceDescriptor) => {
          const device = await adapter.requestDevice(descriptor);
          return pass(device, {
            createBuffer: (d: GPUBufferDescriptor) => {
              hook(device, d);
              const buffer = device.createBuffer(d);
              const destroy = buffer.destroy.bind(buffer);
              let gone = false;
              buffer.destroy = () => { gone = true; destroy(); };
              created(buffer, () => gone);
              return buffer;
            },
          });
        },
      });
    },
  });
}
