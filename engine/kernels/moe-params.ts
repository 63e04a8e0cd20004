// Constants the MXFP4 expert kernels share.
export interface ExpertParams {
  hidden: number;
  intermediate: number;
  topK: number;
}
export const expertConstants = (p: ExpertParams) => ({ HIDDEN: p.hidden, INTERMEDIATE: p.intermediate, TOP_K: p.topK });

/** Kernels that pick each token's experts from the router logits themselves (route-pick.wgsl). */
export interface PickingExpertParams extends ExpertParams {
  experts: number;
}
export const pickingExpertConstants = (p: PickingExpertParams) => ({ ...expertConstants(p), EXPERTS: p.experts });
