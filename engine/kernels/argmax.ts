import { defineKernel } from '../gpu/kernel-spec';
import wgsl from './argmax.wgsl?raw';

/** Greedy pick per row: index of the largest logit (ties → lower index) and Σ exp(l − max), one workgroup per row. */
export const argmaxSpec = defineKernel({
  name: 'argmax',
  wgsl: [wgsl],
  bindings: [['pick', 'uniform'], ['logits', 'read'], ['result', 'write']],
  workgroupSize: 256,
  constants: (p: { vocab: number }) => ({ VOCAB: p.vocab }),
  grid: (s: { rows: number }) => [s.rows, 1, 1],
});
