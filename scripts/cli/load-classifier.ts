// The classifier for a model folder in Node: checkpoint (validated before the GPU is touched), device, model.
import path from 'node:path';
import { Classifier } from '../../classify/classifier';
import { PrefixCachedGenerator } from '../../engine/runtime/prefix-cached-generator';
import { Model } from '../../engine/runtime/model';
import { openCheckpoint } from '../../engine/weights/checkpoint';
import { localFolder } from '../../platform/node/node-checkpoint';
import { acquireNodeDevice } from '../../platform/node/node-gpu';
import { loadTokenizer } from './cli-args';
import type { HarmonyTokenizer } from '../../harmony/tokenizer';

/** The model folder's tokenizer and its model on the GPU. */
export async function loadModel(modelDir: string, tokenizerFile?: string, maxContext = 8192): Promise<{ model: Model; tokenizer: HarmonyTokenizer }> {
  const tokenizer = await loadTokenizer(tokenizerFile ?? path.join(modelDir, 'tokenizer.json'));
  const checkpoint = await openCheckpoint(localFolder(modelDir));
  const { device } = await acquireNodeDevice();
  const model = await Model.load(device, checkpoint, { maxContext: Math.min(checkpoint.config.maxPositions, maxContext), chunk: 128, logitRows: 1 });
  return { model, tokenizer };
}

export async function loadClassifier(modelDir: string, tokenizerFile?: string, maxContext = 8192): Promise<Classifier> {
  const { model, tokenizer } = await loadModel(modelDir, tokenizerFile, maxContext);
  return new Classifier(new PrefixCachedGenerator(model), tokenizer);
}
