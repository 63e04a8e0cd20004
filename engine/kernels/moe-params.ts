// Constants the MXFP4 expert kernels share.
export interface ExpertParams {
  hidden: number;
  intermediate: number;
  topK: number;
}
export const expertConstants = (p: ExpertParams) => ({ HIDDEN: p.hidden, INTERMEDIATE: p.intermediate, TOP_K: p.topK });
