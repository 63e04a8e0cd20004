import { defineKernel } from '../gpu/kernel-spec';
import wgsl from './embed.wgsl?raw';

/** x[t] = widen(table[ids[t]]): the embedding gather, once per table part. */
export const embedSpec = defineKernel({
  name: 'embed',
  wgsl: [wgsl],
  bindings: [['step', 'uniform'], ['part', 'uniform'], ['ids', 'read'], ['table', 'read'], ['x', 'write']],
  workgroupSize: 64,
  constants: (p: { hidden: number }) => ({ HIDDEN: p.hidden }),
  // Each invocation widens one bf16 pair.
  grid: (s: { hidden: number; tokens: number }) => [Math.ceil(s.hidden / 2 / 64), s.tokens, 1],
});
