import { defineKernel } from '../gpu/kernel-spec';
import wgsl from './moe-swiglu-parts.wgsl?raw';

export interface SwigluPartsParams {
  intermediate: number;
  topK: number;
  /** Partial gate/up sums per slot (the grouped gate/up kernel's K_PARTS). */
  parts: number;
  limit: number;
}

/** act = clamped SwiGLU(Σ parts + bias) per (slot, output): the end of a grouped gate/up whose inputs were split. */
export const moeSwigluPartsSpec = defineKernel({
  name: 'moe-swiglu-parts',
  wgsl: [wgsl],
  bindings: [['step', 'uniform'], ['parts', 'read'], ['chosen', 'read'], ['bias', 'read'], ['act', 'write']],
  workgroupSize: 64,
  constants: (p: SwigluPartsParams) => ({ INTERMEDIATE: p.intermediate, TOP_K: p.topK, K_PARTS: p.parts, LIMIT: p.limit }),
  grid: (s: { intermediate: number; slots: number }) => [Math.ceil(s.intermediate / 64), s.slots, 1],
});
