// A Hugging Face checkpoint folder: config.json plus one model.safetensors or shards listed in
// model.safetensors.index.json. Opens every file's header and checks that each tensor the config implies
// is present with the right dtype and shape, before any byte goes to the GPU.
import { CheckpointError } from '../../common/errors';
import { parseConfig, type GptOssConfig } from '../model/config';
import { allTensorSpecs } from '../model/tensors';
import type { ByteSource } from './byte-source';
import { readSafetensorsHeader, type TensorInfo } from './safetensors';

/** A folder of checkpoint files, wherever it lives. */
export interface CheckpointFolder {
  /** Shown in error messages (a path or URL). */
  readonly name: string;
  /** File contents as text, or null when the file does not exist. */
  readText(file: string): Promise<string | null>;
  open(file: string): Promise<ByteSource>;
}

export interface Checkpoint {
  config: GptOssConfig;
  tensors: Map<string, TensorInfo>;
}

export async function openCheckpoint(folder: CheckpointFolder): Promise<Checkpoint> {
  const configText = await folder.readText('config.json');
  if (configText === null) throw new CheckpointError(`${folder.name}: config.json is missing (is this a Hugging Face model folder?)`);
  let rawConfig: unknown;
  try {
    rawConfig = JSON.parse(configText);
  } catch (error) {
    throw new CheckpointError(`${folder.name}/config.json is not valid JSON (${(error as Error).message})`);
  }
  const config = parseConfig(rawConfig);

  const files = await listWeightFiles(folder);
  const tensors = new Map<string, TensorInfo>();
  for (const file of files) {
    const header = await readSafetensorsHeader(await folder.open(file));
    for (const [name, info] of header) tensors.set(name, info);
  }

  for (const spec of allTensorSpecs(config)) {
    const found = tensors.get(spec.name);
    if (!found) throw new CheckpointError(`tensor "${spec.name}" is missing from ${files.join(', ')}`);
    // Checkpoints written through numpy (which has no bfloat16) store bf16 bit patterns as U16: same bytes.
    const dtypeOk = found.dtype === spec.dtype || (spec.dtype === 'BF16' && found.dtype === 'U16');
    if (!dtypeOk || found.shape.join(',') !== spec.shape.join(',')) {
      throw new CheckpointError(
        `${found.source.name}: tensor "${spec.name}" is ${found.dtype} [${found.shape}] but config.json implies ${spec.dtype} [${spec.shape}]`,
      );
    }
  }
  return { config, tensors };
}

async function listWeightFiles(folder: CheckpointFolder): Promise<string[]> {
  const indexText = await folder.readText('model.safetensors.index.json');
  if (indexText === null) return ['model.safetensors'];
  let index: { weight_map?: Record<string, string> };
  try {
    index = JSON.parse(indexText);
  } catch (error) {
    throw new CheckpointError(`${folder.name}/model.safetensors.index.json is not valid JSON (${(error as Error).message})`);
  }
  if (!index.weight_map || typeof index.weight_map !== 'object') {
    throw new CheckpointError('model.safetensors.index.json has no "weight_map" object');
  }
  const files = [...new Set(Object.values(index.weight_map))];
  for (const f of files) {
    if (typeof f !== 'string' || !/^[\w.-]+\.safetensors$/.test(f)) throw new CheckpointError(`model.safetensors.index.json names an invalid shard ${JSON.stringify(f)}`);
  }
  return files.sort();
}
