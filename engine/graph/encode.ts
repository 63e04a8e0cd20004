// The one encoder of a forward pass, used by plain forward, greedy decode and the per-kernel profile:
// embed → layers → final norm → lm_head (→ argmax), with optional hidden-state copies and timestamps.
import type { Dispatch, ForwardPlan } from './forward-plan';

export interface PassShape {
  tokens: number;
  /** Rows whose logits are computed (0: the lm_head is skipped). */
  logitRows: number;
  /** One past the furthest position of any row (the most keys a row attends to). */
  end: number;
  /**
   * Every row is the newest token of its own sequence (one token, or one of each of several sequences): decode
   * attention then applies RoPE and stores the new keys itself (no row attends to keys another row writes).
   */
  rowPerSequence?: boolean;
}

export interface EncodeOptions extends PassShape {
  /** Copies the residual stream entering each layer, then the final-normed output, into `buffer` (tests). */
  capture?: { buffer: GPUBuffer; x: GPUBuffer; h: GPUBuffer };
  /** Dispatches appended after the lm_head (the greedy argmax). */
  after?: Dispatch[];
  /** Profiling: every dispatch gets its own pass with begin/end timestamps; kernel names are pushed in order. */
  timing?: { querySet: GPUQuerySet; names: string[] };
  /** Profiling: the whole pass as it really runs (one compute pass), timestamps 0 and 1 of this set. */
  wholeTiming?: GPUQuerySet;
}

export function encodeForward(encoder: GPUCommandEncoder, plan: ForwardPlan, o: EncodeOptions) {
  let pass: GPUComputePassEncoder | null = null;
  const close = () => {
    pass?.end();
    pass = null;
  };
  const run = (dispatches: Dispatch[]) => {
    for (const d of dispatches) {
      if (d.when && !d.when(o.tokens, o.logitRows, o.rowPerSequence ?? false)) continue;
      const kernel = d.kernel;
      if (o.timing) {
        const i = o.timing.names.push(kernel.name) - 1;
        close();
        pass = encoder.beginComputePass({ label: kernel.name, timestampWrites: { querySet: o.timing.querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } });
      } else if (!pass) {
        const timestampWrites = o.wholeTiming ? { querySet: o.wholeTiming, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } : undefined;
        pass = encoder.beginComputePass({ label: 'forward', timestampWrites });
      }
      pass!.setPipeline(kernel.pipeline);
      pass!.setBindGroup(0, d.bindGroup);
      pass!.dispatchWorkgroups(...d.grid(o.tokens, o.logitRows, o.end));
      if (o.timing) close();
    }
  };
  const copyOut = (source: GPUBuffer, entry: number, bytes: number) => {
    close();
    encoder.copyBufferToBuffer(source, 0, o.capture!.buffer, entry * bytes, bytes);
  };
  // The capture buffer holds layers + 1 entries of exactly tokens × hidden floats each.
  const captureBytes = o.capture ? o.capture.buffer.size / (plan.layers.length + 1) : 0;

  run(plan.embed);
  plan.layers.forEach((layer, l) => {
    if (o.capture) copyOut(o.capture.x, l, captureBytes);
    run(layer);
  });
  if (o.logitRows > 0 || o.capture) run(plan.finalNorm);
  if (o.capture) copyOut(o.capture.h, plan.layers.length, captureBytes);
  if (o.logitRows > 0) run(plan.lmHead);
  if (o.after) run(o.after);
  close();
}

/** The kernels a pass of `shape` runs, in order (encodeForward's choice without hidden-state copies). */
export function kernelsRun(plan: ForwardPlan, shape: PassShape, after: Dispatch[] = []): string[] {
  const live = (ds: Dispatch[]) => ds.filter((d) => !d.when || d.when(shape.tokens, shape.logitRows, shape.rowPerSequence ?? false)).map((d) => d.kernel.name);
  return [...live(plan.embed), ...plan.layers.flatMap(live), ...(shape.logitRows > 0 ? [...live(plan.finalNorm), ...live(plan.lmHead)] : []), ...live(after)];
}

/** Number of dispatches a pass of `shape` encodes (the benchmark prints it per token). */
export function countDispatches(plan: ForwardPlan, shape: PassShape, after: Dispatch[] = []): number {
  return kernelsRun(plan, shape, after).length;
}
