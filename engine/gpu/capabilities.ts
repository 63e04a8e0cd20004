// What the device offers that a kernel variant may use. Specs pick their variant from this (kernel-spec.ts);
// the device report lists the features the compiled kernels actually use.
export interface Capabilities {
  subgroups: boolean;
  shaderF16: boolean;
}

/** Plain f32 kernels only: what every adapter runs (and what the kernel tests use by default). */
export const BASELINE: Capabilities = { subgroups: false, shaderF16: false };

export function capabilitiesOf(device: GPUDevice): Capabilities {
  return { subgroups: device.features.has('subgroups'), shaderF16: device.features.has('shader-f16') };
}
