// The engine service living in the Web Worker. It owns the GPU device, the loaded model and the classifier; the
// page reaches it only through the worker protocol (protocol.ts, engine.worker.ts). Errors keep their stable `name`.
// One request runs at a time; others wait in a queue. cancel() stops the running request and drops the queue.
// Every change of state (loaded, busy, device lost) is pushed to `onStatus` as it happens.
import { AbortedError, CheckpointError, DeviceLostError, GpuSelfTestError, ModelNotLoadedError, OutOfGpuMemoryError } from '../../common/errors';
import { acquireDevice, type AcquiredDevice, type DeviceReport } from '../../engine/gpu/device';
import { runSelfTest, type SelfTestResult } from '../../engine/gpu/self-test';
import { HarmonyTokenizer } from '../../harmony/tokenizer';
import { Classifier } from '../../classify/classifier';
import type { ClassifyEvent, ClassifyInput, ClassifyRequest, ClassifyResult } from '../../classify/request';
import type { ClassifyManyHandlers, ManyOutcome } from '../../classify/classify-many';
import { classifyManyOnGpu } from './classify-many-gpu';
import { PrefixCachedGenerator } from '../../engine/runtime/prefix-cached-generator';
import { Model } from '../../engine/runtime/model';
import { openCheckpoint, type CheckpointFolder } from '../../engine/weights/checkpoint';
import type { PinnedManifest } from '../../delivery/pinned-manifest';
import { chooseContext, type ContextChoice } from '../../engine/runtime/context-size';
import type { PromptSize } from '../classifier-backend';
import { SerialQueue } from './serial-queue';

export type { PromptSize };

export interface DeviceProbe {
  report: DeviceReport;
  selfTest: SelfTestResult;
}

export interface LoadProgress {
  phase: 'config' | 'tokenizer' | 'context' | 'kernels' | 'weights' | 'ready';
  bytesDone: number;
  bytesTotal: number;
}

export interface LoadedModel {
  /** Registry id of the model (the cache key), or the folder's URL. */
  modelId: string;
  name: string;
  layers: number;
  experts: number;
  vocab: number;
  maxContext: number;
  /** Why the context is below the model's maximum (see chooseContext), or null. */
  contextLimitedBy: ContextChoice['limitedBy'];
  gpuBytes: number;
  loadMs: number;
  /** Device features the compiled kernels use (not merely what the adapter offers). */
  featuresUsed: string[];
}

export type EngineState = 'idle' | 'loading' | 'ready' | 'busy' | 'lost';

export interface EngineStatus {
  state: EngineState;
  model: LoadedModel | null;
  queued: number;
  lostReason: string | null;
}

export interface EngineService {
  /** Acquires the GPU (once) and runs the shader self-test on it. */
  probeDevice(): Promise<DeviceProbe>;
  /** Loads a model folder (config.json, tokenizer.json, safetensors) onto the GPU, replacing any loaded one. */
  /** `context`: the longest context to allocate ('auto' = the model's maximum, or what the GPU holds). */
  load(folder: ModelFolderSpec, onProgress?: (p: LoadProgress) => void, context?: number | 'auto'): Promise<LoadedModel>;
  classify(request: ClassifyRequest, onEvent?: (e: ClassifyEvent) => void): Promise<ClassifyResult>;
  /** Several items, those held at once decoded together (`concurrency`: asked, or what the GPU memory holds). */
  classifyMany(inputs: readonly ClassifyInput[], concurrency: number | undefined, handlers: ClassifyManyHandlers): Promise<ManyOutcome>;
  /** Tokens the text takes in a prompt (plain text, as the renderer encodes it). */
  countTokens(text: string): Promise<number>;
  /** Tokens the request's whole prompt takes (policy, content and the harmony frame) and the context size. */
  measurePrompt(request: ClassifyRequest): Promise<PromptSize>;
  /** Stops the running request and rejects queued ones with AbortedError. */
  cancel(): void;
  unload(): Promise<void>;
  /** Stops a load or classification that uses this model and unloads it: afterwards nothing reads its files. */
  release(modelId: string): Promise<void>;
  status(): EngineStatus;
  /** Destroys the GPU device as a driver reset would (to test recovery). */
  simulateDeviceLoss(): Promise<void>;
}

/** Where a model's files come from: streamed from a URL (no cache), or the IndexedDB cache. */
export type ModelFolderSpec = { kind: 'url'; baseUrl: string } | { kind: 'cache'; modelId: string; orgPin?: PinnedManifest | null };

/** Resolves a spec into a folder; `close` runs after loading (releases cached chunks). */
export type FolderResolver = (spec: ModelFolderSpec) => Promise<CheckpointFolder & { close?: () => void }>;

export interface EngineServiceOptions {
  /** The device check run before anything else (tests give one that fails, as a broken driver would). */
  selfTest?: (device: GPUDevice) => Promise<SelfTestResult>;
}

export function createEngineService(gpu: GPU | undefined, resolveFolder: FolderResolver, onStatus: (status: EngineStatus) => void = () => {}, options: EngineServiceOptions = {}): EngineService {
  const selfTest = options.selfTest ?? runSelfTest;
  let acquired: Promise<AcquiredDevice> | null = null;
  let loaded: { model: Model; classifier: Classifier; tokenizer: HarmonyTokenizer; info: LoadedModel } | null = null;
  let state: EngineState = 'idle';
  let lostReason: string | null = null;
  let simulatingLoss = false;
  let loadingModelId: string | null = null;
  const queue = new SerialQueue();
  // The self-test runs once per device: the probe shows it, and a load refuses a device that failed it.
  const selfTests = new WeakMap<GPUDevice, Promise<SelfTestResult>>();
  const selfTestOf = (gpuDevice: GPUDevice) => {
    if (!selfTests.has(gpuDevice)) selfTests.set(gpuDevice, selfTest(gpuDevice));
    return selfTests.get(gpuDevice)!;
  };
  const status = (): EngineStatus => ({ state, model: loaded?.info ?? null, queued: queue.waiting, lostReason });
  const setState = (next: EngineState) => {
    state = next;
    onStatus(status());
  };

  function device(): Promise<AcquiredDevice> {
    if (!acquired) {
      const current = acquireDevice(gpu, { label: 'safeguard-worker' });
      acquired = current;
      current.then(
        ({ device }) =>
          device.lost.then((info) => {
            if (acquired !== current) return;
            acquired = null; // the next call acquires a fresh device
            if (info.reason === 'destroyed' && !simulatingLoss) return;
            simulatingLoss = false;
            lostReason = info.message || 'the GPU device was lost';
            loaded = null; // its buffers died with the device
            setState('lost');
          }),
        () => {
          if (acquired === current) acquired = null; // let a later call retry (e.g. after the user enables WebGPU)
        },
      );
    }
    return acquired;
  }

  function requireModel() {
    if (state === 'lost') throw new DeviceLostError(`The GPU device was lost (${lostReason}). Load the model again to continue.`);
    if (!loaded) throw new ModelNotLoadedError();
    return loaded;
  }

  function unloadNow() {
    loaded?.classifier.dispose();
    loaded?.model.destroy();
    loaded = null;
    if (state !== 'lost') setState('idle');
  }

  return {
    async probeDevice() {
      const { device: gpuDevice, report } = await device();
      return { report, selfTest: await selfTestOf(gpuDevice) };
    },

    load(spec, onProgress = () => {}, context = 'auto') {
      return queue.run(async (signal) => {
        const started = performance.now();
        let closeFolder = () => {};
        unloadNow();
        lostReason = null;
        loadingModelId = spec.kind === 'cache' ? spec.modelId : spec.baseUrl;
        setState('loading');
        try {
          const { device: gpuDevice } = await device();
          // A device that computes our WGSL wrongly must not classify anything.
          const selfTest = await selfTestOf(gpuDevice);
          if (selfTest.mismatches > 0) throw new GpuSelfTestError(`${selfTest.mismatches} of ${selfTest.count} values computed on the GPU differ from the CPU`);
          const folder = await resolveFolder(spec);
          closeFolder = () => folder.close?.();
          onProgress({ phase: 'config', bytesDone: 0, bytesTotal: 0 });
          const checkpoint = await openCheckpoint(folder);
          onProgress({ phase: 'tokenizer', bytesDone: 0, bytesTotal: 0 });
          const tokenizerText = await folder.readText('tokenizer.json');
          if (tokenizerText === null) throw new CheckpointError(`${folder.name}: tokenizer.json is missing (it belongs beside config.json)`);
          const tokenizer = HarmonyTokenizer.fromJson(JSON.parse(tokenizerText));
          onProgress({ phase: 'context', bytesDone: 0, bytesTotal: 0 });
          const { maxContext, limitedBy } = await chooseContext(gpuDevice, checkpoint.config, context);
          onProgress({ phase: 'kernels', bytesDone: 0, bytesTotal: 0 }); // compiling comes first inside Model.load
          gpuDevice.pushErrorScope('out-of-memory');
          let model: Model | undefined;
          try {
            model = await Model.load(gpuDevice, checkpoint, {
              maxContext,
              signal,
              onProgress: (p) => onProgress({ phase: 'weights', bytesDone: p.bytesDone, bytesTotal: p.bytesTotal }),
            });
          } finally {
            const oom = await gpuDevice.popErrorScope();
            if (oom) {
              model?.destroy(); // what did fit is given back, so the page (and other tabs) can go on
              throw new OutOfGpuMemoryError(`The GPU ran out of memory while loading ${folder.name} (${oom.message.split('\n')[0]}). Close other GPU-heavy tabs or use a GPU with more memory.`);
            }
          }
          const plan = model.memoryPlan;
          const info: LoadedModel = {
            modelId: spec.kind === 'cache' ? spec.modelId : spec.baseUrl,
            name: folder.name,
            layers: model.config.numLayers,
            experts: model.config.numExperts,
            vocab: model.config.vocabSize,
            maxContext: model.shape.maxContext,
            contextLimitedBy: limitedBy,
            gpuBytes: plan.weights + plan.kvCache + plan.scratch + plan.ropeTable,
            loadMs: performance.now() - started,
            featuresUsed: model.featuresUsed,
          };
          loaded = { model, tokenizer, classifier: new Classifier(new PrefixCachedGenerator(model), tokenizer), info };
          setState('ready');
          onProgress({ phase: 'ready', bytesDone: 1, bytesTotal: 1 });
          return info;
        } catch (error) {
          if ((state as EngineState) === 'lost') throw new DeviceLostError(`The GPU device was lost while loading (${lostReason}). Try loading again.`);
          setState('idle');
          throw error;
        } finally {
          closeFolder();
          loadingModelId = null;
        }
      });
    },

    classify(request, onEvent = () => {}) {
      return queue.run(async (signal) => {
        const { classifier } = requireModel();
        setState('busy');
        try {
          // A cancelled request leaves the context mid-sequence; the next one restarts from the policy snapshot.
          return await classifier.classify(request, onEvent, signal);
        } catch (error) {
          if ((state as EngineState) === 'lost') throw new DeviceLostError(`The GPU device was lost during classification (${lostReason}). Load the model again to continue.`);
          throw error;
        } finally {
          if (state === 'busy') setState('ready');
        }
      });
    },

    classifyMany(inputs, concurrency, handlers) {
      return queue.run(async (signal) => {
        const current = requireModel();
        const { model, tokenizer } = current;
        setState('busy');
        // The one-item sequence's KV cache (0.4 GB at 8k context for the 20b model) is given back while the
        // batch runs, so the batch has its room; it is made again afterwards (the next item prefills its policy).
        current.classifier.dispose();
        try {
          return await classifyManyOnGpu(model, tokenizer, inputs, { ...handlers, concurrency, signal });
        } catch (error) {
          if ((state as EngineState) === 'lost') throw new DeviceLostError(`The GPU device was lost during classification (${lostReason}). Load the model again to continue.`);
          throw error;
        } finally {
          if (loaded === current) current.classifier = new Classifier(new PrefixCachedGenerator(model), tokenizer);
          if (state === 'busy') setState('ready');
        }
      });
    },

    async countTokens(text) {
      if (!loaded) throw new ModelNotLoadedError();
      return loaded.tokenizer.encodeText(text).length;
    },

    async measurePrompt(request) {
      if (!loaded) throw new ModelNotLoadedError();
      const { promptTokens, capacity } = loaded.classifier.measure(request);
      return { promptTokens, capacity };
    },

    cancel() {
      queue.cancelAll(() => new AbortedError('Cancelled.'));
    },

    unload() {
      return queue.run(async () => unloadNow());
    },

    async release(modelId) {
      if (loadingModelId !== modelId && loaded?.info.modelId !== modelId) return;
      queue.cancelAll(() => new AbortedError(`${modelId} is being deleted.`));
      await queue.run(async () => {
        if (loaded?.info.modelId === modelId) unloadNow();
      });
    },

    status,

    async simulateDeviceLoss() {
      const current = await acquired;
      if (!current) return;
      simulatingLoss = true;
      current.device.destroy();
      await current.device.lost;
    },
  };
}
