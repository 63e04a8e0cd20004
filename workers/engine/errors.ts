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
