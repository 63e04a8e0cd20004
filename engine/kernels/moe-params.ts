// Constants the MXFP4 expert kernels share.
export interface ExpertParams {
  hidden: number;
  intermediate: number;
  topK: number;
}
export const expertConstants = (p: ExpertParams) => ({ HIDDEN: p.hidden, INTERMEDIATE: p.intermediate, TOP_K: p.topK });

/**
 * Kernels that need the number of experts: those that pick each token's experts from the router logits
 * themselves (route-pick.wgsl), and the grouped ones, which read moe-route's tile list after the experts' offsets.
 */
export interface AllExpertsParams extends ExpertParams {
  experts: number;
}
export const allExpertsConstants = (p: AllExpertsParams) => ({ ...expertConstants(p), EXPERTS: p.experts });
