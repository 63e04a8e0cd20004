// What the device offers that a kernel variant may use. Specs pick their variant from this (kernel-spec.ts);
// the device report lists the features the compiled kernels actually use.
export interface Capabilities {
  /**
   * Lanes of the smallest subgroup the device may run (a power of two), when `subgroups` is offered and its
   * subgroups are runs of consecutive invocations (probed: subgroup-layout.ts); 0: no subgroup kernels.
   */
  subgroupLanes: number;
  shaderF16: boolean;
  /** unpack2x16float gives f16 subnormals their exact f32 values (probed: half-subnormals.ts), so FP4 decodes without a table. */
  f16Subnormals: boolean;
}

/** Plain f32 kernels only: what every adapter runs (and what the kernel tests use by default). */
export const BASELINE: Capabilities = { subgroupLanes: 0, shaderF16: false, f16Subnormals: false };
