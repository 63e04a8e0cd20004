// Every error the engine throws has a stable `name`: Comlink forwards only name/message/stack across the
// worker boundary, and the UI switches on the name.

export class EngineError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** `navigator.gpu` is missing: the browser has no WebGPU or it is switched off. */
export class WebGpuUnavailableError extends EngineError {
  constructor(message = 'This browser does not expose WebGPU (navigator.gpu is missing).') {
    super('WebGpuUnavailableError', message);
  }
}

/** WebGPU exists but no adapter was handed out (blocklisted GPU, disabled flag, headless without flags). */
export class NoGpuAdapterError extends EngineError {
  constructor(message = 'WebGPU is present but the browser returned no GPU adapter.') {
    super('NoGpuAdapterError', message);
  }
}

/** The adapter cannot give what the engine needs (a limit too small, a feature missing). */
export class GpuLimitsError extends EngineError {
  constructor(message: string) {
    super('GpuLimitsError', message);
  }
}

/** A GPU result did not match what the CPU computed. */
export class GpuSelfTestError extends EngineError {
  constructor(message: string) {
    super('GpuSelfTestError', message);
  }
}

/** config.json is not a gpt-oss configuration the engine supports. The message names the field and value. */
export class ModelConfigError extends EngineError {
  constructor(message: string) {
    super('ModelConfigError', message);
  }
}

/** A checkpoint file is malformed or truncated. The message names the file and, where known, the tensor. */
export class CheckpointError extends EngineError {
  constructor(message: string) {
    super('CheckpointError', message);
  }
}

/** The operation was cancelled by the caller (AbortSignal). */
export class AbortedError extends EngineError {
  constructor(message = 'The operation was cancelled.') {
    super('AbortedError', message);
  }
}

/** A request does not fit the model or context (too many tokens, bad token id...). */
export class InvalidRequestError extends EngineError {
  constructor(message: string) {
    super('InvalidRequestError', message);
  }
}

/** The GPU could not allocate what the model needs. */
export class OutOfGpuMemoryError extends EngineError {
  constructor(message: string) {
    super('OutOfGpuMemoryError', message);
  }
}

/** The GPU device was lost (driver reset, another tab, sleep); the engine must be started again. */
export class DeviceLostError extends EngineError {
  constructor(message: string) {
    super('DeviceLostError', message);
  }
}

/** classify() or countTokens() was called before a model was loaded. */
export class ModelNotLoadedError extends EngineError {
  constructor(message = 'No model is loaded: download or load a model first.') {
    super('ModelNotLoadedError', message);
  }
}

/** A model file could not be fetched (HTTP error, network down). The message names the URL and what to do. */
export class DownloadError extends EngineError {
  constructor(message: string) {
    super('DownloadError', message);
  }
}

/** The browser refused to store more (quota). What was already stored stays valid. */
export class StorageFullError extends EngineError {
  constructor(message: string) {
    super('StorageFullError', message);
  }
}

/** Stored or downloaded bytes do not match their checksum. */
export class IntegrityError extends EngineError {
  constructor(message: string) {
    super('IntegrityError', message);
  }
}

/** What crosses a boundary (worker, server) of an error: its stable name and message. */
export interface ErrorInfo {
  name: string;
  message: string;
}

export function describeError(error: unknown): ErrorInfo {
  const e = error as { name?: string; message?: string };
  return { name: e?.name ?? 'Error', message: e?.message ?? String(error) };
}

/** A download or import was asked for while another one is running. */
export class DownloadBusyError extends EngineError {
  constructor(message: string) {
    super('DownloadBusyError', message);
  }
}

/** An imported folder holds none of the model's files (the wrong folder was picked). */
export class WrongFolderError extends EngineError {
  constructor(message: string) {
    super('WrongFolderError', message);
  }
}

/** A mirror serves (or lists) files that differ from the model's pinned manifest: it must not be trusted. */
export class MirrorMismatchError extends EngineError {
  constructor(message: string) {
    super('MirrorMismatchError', message);
  }
}

/** A pinned manifest supplied by an organisation (file or URL) is unreadable or malformed. */
export class PinnedManifestError extends EngineError {
  constructor(message: string) {
    super('PinnedManifestError', message);
  }
}

/** A cached model cannot be deleted while something still reads it (the engine stops its load first). */
export class ModelInUseError extends EngineError {
  constructor(message: string) {
    super('ModelInUseError', message);
  }
}

/** Another tab (or a widget of this site) is writing the model: this context waits instead of writing it twice. */
export class OtherTabBusyError extends EngineError {
  constructor(message: string) {
    super('OtherTabBusyError', message);
  }
}

/** The OpenAI-compatible server could not be reached (down, wrong URL, or its CORS settings refuse this page). */
export class ServerUnreachableError extends EngineError {
  constructor(message: string) {
    super('ServerUnreachableError', message);
  }
}

/** The server refused the API key (HTTP 401/403). */
export class ServerAuthError extends EngineError {
  constructor(message: string) {
    super('ServerAuthError', message);
  }
}

/** The server does not serve the model name asked for. */
export class ServerModelError extends EngineError {
  constructor(message: string) {
    super('ServerModelError', message);
  }
}

/** The server stayed busy (HTTP 429) through every retry. */
export class ServerBusyError extends EngineError {
  constructor(message: string) {
    super('ServerBusyError', message);
  }
}

/** The server answered with an error of its own (a 4xx naming what it refused, or a 5xx). */
export class ServerResponseError extends EngineError {
  constructor(message: string) {
    super('ServerResponseError', message);
  }
}
