import { defineKernel } from '../gpu/kernel-spec';
import wgsl from './argmax.wgsl?raw';

/** Greedy pick: index of the largest logit of one row (ties → lower index) and Σ exp(l − max), in one workgroup. */
export const argmaxSpec = defineKernel({
  name: 'argmax',
  wgsl: [wgsl],
  bindings: [['pick', 'uniform'], ['logits', 'read'], ['result', 'write']],
  workgroupSize: 256,
  constants: (p: { vocab: number }) => ({ VOCAB: p.vocab }),
  grid: (_size: void) => [1, 1, 1],
});
