// What the two linear kernels (matrix-vector for decode, tiled for prefill) share: bindings and constants.
import type { BindingKind } from '../gpu/kernel-spec';

export interface LinearParams {
  /** Input features (multiple of 8). */
  K: number;
  /** Output features of the whole matrix. */
  N: number;
  bias: boolean;
  /** Add into y (residual connections) instead of overwriting. */
  accumulate: boolean;
  /** Only tokens from step.logits_from (lm_head), output rows renumbered from 0. */
  logitsRows: boolean;
}

export const LINEAR_BINDINGS = [['step', 'uniform'], ['part', 'uniform'], ['x', 'read'], ['w', 'read'], ['bias', 'read'], ['y', 'write']] as const satisfies readonly (readonly [string, BindingKind])[];

export const linearConstants = (p: LinearParams) => ({ K: p.K, N: p.N, HAS_BIAS: p.bias, ACCUMULATE: p.accumulate, FROM_LOGITS_ROW: p.logitsRows });
