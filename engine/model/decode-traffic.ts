// Bytes one decode token reads from GPU memory: every weight outside the experts, the chosen experts' share
// of the expert tensors, one embedding row, and the KV cache it attends over. The benchmark divides the
// device's measured bandwidth by this to get the roofline it quotes.
import type { GptOssConfig } from './config';
import { allTensorSpecs, tensorBytes } from './tensors';

export interface DecodeTraffic {
  weights: number;
  kvCache: number;
  total: number;
}

export function decodeTraffic(c: GptOssConfig, context: number): DecodeTraffic {
  let weights = 0;
  for (const spec of allTensorSpecs(c)) {
    const bytes = tensorBytes(spec);
    if (spec.name === 'model.embed_tokens.weight') weights += bytes / c.vocabSize;
    else if (spec.name.includes('.mlp.experts.')) weights += (bytes * c.expertsPerToken) / c.numExperts;
    else weights += bytes;
  }
  // f32 keys and values of every position a layer attends to.
  const row = 2 * c.numKvHeads * c.headDim * 4;
  let kvCache = 0;
  for (let l = 0; l < c.numLayers; l++) kvCache += row * (c.slidingLayers[l] ? Math.min(context, c.slidingWindow) : context);
  return { weights, kvCache, total: weights + kvCache };
}
