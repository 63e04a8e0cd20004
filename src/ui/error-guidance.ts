// What a person can do about each error, keyed by the stable error names of common/errors.ts (and the
// browser's own). The message from the worker says what happened; this says what to do next.

/** Where WebGPU works today (see ../shared/docs/browser-platform.md). */
export const WEBGPU_BROWSERS =
  'Chrome or Edge 113+ on Windows, macOS and ChromeOS, Chrome 144+ on Linux, Safari 26, or Firefox 141+ on Windows';

export interface Guidance {
  title: string;
  advice: string;
}

const GUIDANCE: Record<string, Guidance> = {
  WebGpuUnavailableError: {
    title: 'This browser has no WebGPU',
    advice: `Safeguard runs the model on your GPU through WebGPU. Open this page in ${WEBGPU_BROWSERS}. If your browser is recent enough, check that WebGPU is not switched off (chrome://flags/#enable-unsafe-webgpu on Linux, or your organisation's policy). Or choose A server under Where the model runs.`,
  },
  NoGpuAdapterError: {
    title: 'WebGPU found no usable GPU',
    advice: `The browser supports WebGPU but did not hand out a GPU adapter. Update your graphics driver, check chrome://gpu for a blocklisted GPU, and on Linux enable chrome://flags/#enable-unsafe-webgpu and chrome://flags/#enable-vulkan. Supported browsers: ${WEBGPU_BROWSERS}. Or choose A server under Where the model runs.`,
  },
  GpuLimitsError: {
    title: "This GPU's limits are too small for the model",
    advice: 'The GPU or browser allows smaller buffers than the model needs. On a laptop with two GPUs, make the browser use the high-performance one (OS graphics settings); otherwise update the browser and graphics driver, or use a machine with a discrete GPU.',
  },
  GpuSelfTestError: {
    title: 'The GPU gave wrong results in a self-test',
    advice: 'The model would produce garbage on this GPU/driver combination. Update the graphics driver or browser, or try another GPU.',
  },
  OutOfGpuMemoryError: {
    title: 'The GPU ran out of memory',
    advice: 'gpt-oss-safeguard-20b needs about 13 GB of GPU memory. Close other tabs and apps that use the GPU (games, video, other AI pages) and load again, or use a GPU with at least 16 GB.',
  },
  DeviceLostError: {
    title: 'The GPU was reset',
    advice: 'The browser or driver took the GPU away (a driver reset, sleep, or too much GPU memory in use). Safeguard restarts the engine and reloads the model from the cache; run again when it says Ready.',
  },
  ModelNotLoadedError: {
    title: 'The model is not loaded',
    advice: 'Download the model (or load it from the cache) in the Model panel, then run again.',
  },
  StorageFullError: {
    title: 'Storage is full',
    advice: 'The browser would not store more. What was already stored is kept and stays valid. Free space (delete other cached models or other large site data, or free disk space), then press {download}.',
  },
  DownloadError: {
    title: 'Download failed',
    advice: 'Check the network connection and the download source (mirror URL) in the Model panel, then press {download}: what was already stored is kept.',
  },
  IntegrityError: {
    title: 'Part of the cached model is damaged',
    advice: 'A stored chunk did not match its checksum. Safeguard discards it and downloads just that part again; press {download} if that did not start by itself.',
  },
  CheckpointError: {
    title: 'The model files are not a usable gpt-oss checkpoint',
    advice: 'The files at the model source are missing tensors or have unexpected shapes. Check that the mirror serves the official openai/gpt-oss-safeguard-20b files unchanged.',
  },
  ModelConfigError: {
    title: 'The model configuration is not supported',
    advice: "config.json does not describe a gpt-oss model this engine can run. Check the mirror serves the official repository's files.",
  },
  InvalidRequestError: {
    title: 'The request cannot be run',
    advice: 'Shorten the policy or the content (together they must fit the context window), then run again.',
  },
  DownloadBusyError: {
    title: 'A download is already running',
    advice: 'Only one download or import runs at a time. Wait for it to finish, or press Pause or Cancel download, then try again.',
  },
  WrongFolderError: {
    title: 'That folder does not hold this model',
    advice: 'Pick the folder that contains config.json, tokenizer.json and the .safetensors files of the model chosen above (for example the snapshot folder that huggingface-cli download wrote), or press Download model instead.',
  },
  MirrorMismatchError: {
    title: 'The download source serves different files',
    advice: 'The files (or their list) do not match the pinned checksums, so they were not trusted: this mirror may be outdated, misconfigured or tampered with. Use the official source (https://huggingface.co) or ask whoever runs the mirror; do not use its files.',
  },
  PinnedManifestError: {
    title: 'The pinned manifest cannot be used',
    advice: 'Choose the JSON file (or URL) your organisation published for its mirror: {"repo", "revision", "files": [{"path", "size", "sha256"}]}.',
  },
  OtherTabBusyError: {
    title: 'Another tab is using this model',
    advice: 'Safeguard is open in another tab (or embedded on this site) and is downloading, repairing or deleting this model. Wait for it there, or close that tab: this tab then carries on from what is stored.',
  },
  ModelInUseError: {
    title: 'The model is in use',
    advice: 'It is being loaded onto the GPU. Wait for the load to finish, then delete it.',
  },
  ServerUnreachableError: {
    title: 'The server cannot be reached',
    advice: 'Check the server URL in Where the model runs (it usually ends in /v1), that the server is running, and that it allows this page: vLLM needs --allowed-origins, Ollama OLLAMA_ORIGINS, LM Studio "Enable CORS", safeguard serve --cors-origin. Or switch back to This browser.',
  },
  ServerAuthError: {
    title: 'The server refused the API key',
    advice: 'Enter the key the server expects in Where the model runs (it is kept in this browser and sent only to that server), then test the connection again.',
  },
  ServerModelError: {
    title: 'The server does not serve that model',
    advice: 'Press Test connection to list the models the server offers and pick one, or start the server with gpt-oss-safeguard.',
  },
  ServerBusyError: {
    title: 'The server is busy',
    advice: 'It kept answering "too many requests" after several retries. Wait a moment and run again, or lower the concurrency of the batch.',
  },
  ServerResponseError: {
    title: 'The server returned an error',
    advice: 'The message above is the server\'s own. Fix what it names (for example a prompt longer than its context), or check the server\'s log.',
  },
  // Pause and Cancel are states the page shows as notices; an AbortedError that still arrives was a stop nobody asked for.
  AbortedError: { title: 'Stopped before it finished', advice: 'Start it again; nothing that was stored is lost.' },
};

/** Fills the advice's {download} with the label the download button has right now. */
export function adviceText(guidance: Guidance, downloadLabel = 'Download model'): string {
  return guidance.advice.replaceAll('{download}', downloadLabel);
}

/** Guidance for an error name; a general fallback for names nobody planned for. */
export function guidanceFor(name: string): Guidance {
  return GUIDANCE[name] ?? { title: 'Something went wrong', advice: 'Reload the page and try again. If it keeps happening, the details below help when reporting it.' };
}

export const hasGuidance = (name: string) => name in GUIDANCE;
