// How many rounds of rows each per-(token, expert) workgroup makes (moe-gate-up.wgsl, moe-down.wgsl). Every
// workgroup stages its slot's whole input row (gate/up: 11.5 KB of x and 5.8 KB of norm weight in the 20b shape)
// for 16 weight rows (23 KB of blocks) a round, so more rounds read less input per weight byte; fewer give more
// workgroups, which a pass of one or two rows needs to fill the GPU.
// Measured on an H100 (expert kernels per batched pass, 24 layers; rounds 1 / 2 / 4 / 8): 4 rows 4.58 / 4.44 /
// 4.60 / 4.88 ms, 8 rows 8.13 / 7.82 / 7.79 / 8.27, 16 rows 15.14 / 14.43 / 14.31 / 14.59, 32 rows 29.0 / 27.7 /
// 27.2 / 27.4. The gain is small: the staging is not what bounds these kernels (their table loads and
// multiply-adds per FP4 value are).

/** The forms compiled (kernel-set.ts). */
export const EXPERT_ROW_STEPS = [1, 2, 4] as const;

/** The rounds a pass of `rows` rows uses (`override`: KernelChoices.expertRowSteps). */
export function expertRowSteps(rows: number, override?: number): number {
  if (override !== undefined) {
    if (!(EXPERT_ROW_STEPS as readonly number[]).includes(override)) throw new Error(`expertRowSteps ${override}: compiled forms are ${EXPERT_ROW_STEPS.join(', ')}`);
    return override;
  }
  return rows >= 8 ? 4 : rows >= 4 ? 2 : 1;
}
